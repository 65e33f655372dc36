# style.gp - the gnuplot style of every figure, copied at the top of each out/figures/NN-name.gp.
# Edit freely (no recompiling): terminal, fonts, colours, line styles. The figure part that
# follows uses line styles 1-8 for series (in order), 100 for reference lines and their labels,
# 101 for marked points, and sets title, labels, log scales, key placement and output itself.
# Keep the terminal a PNG without transparency (background white): the PDF embeds the PNG.
set terminal pngcairo size 1200,780 font 'DejaVu Sans,20' linewidth 1.6 background rgb 'white'
set encoding utf8
set border 3 lw 1.2 lc rgb '#333333'
set tics nomirror out scale 0.6
set grid xtics ytics mxtics mytics lc rgb '#dddddd' lw 1, lc rgb '#f0f0f0' lw 0.8
set key noopaque nobox reverse Left samplen 2.5 spacing 1.1
set mxtics default
set mytics default
set style line 1 lc rgb '#1f77b4' lw 2.5 pt 7 ps 1.1
set style line 2 lc rgb '#d62728' lw 2.5 pt 5 ps 1.1
set style line 3 lc rgb '#2ca02c' lw 2.5 pt 9 ps 1.3
set style line 4 lc rgb '#ff7f0e' lw 2.5 pt 11 ps 1.3
set style line 5 lc rgb '#9467bd' lw 2.5 pt 13 ps 1.3
set style line 6 lc rgb '#8c564b' lw 2.5 pt 4 ps 1.1
set style line 7 lc rgb '#e377c2' lw 2.5 pt 6 ps 1.1
set style line 8 lc rgb '#17becf' lw 2.5 pt 8 ps 1.3
set style line 100 lc rgb '#555555' dt 2 lw 2
set style line 101 lc rgb '#000000' pt 7 ps 1.6
# Labels of points and reference lines sit on a white box, so that lines do not cross them.
set style textbox opaque noborder margins 0.5,0.5
