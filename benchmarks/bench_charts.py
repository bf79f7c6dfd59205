"""Time each chart of `finmodel project` (building the figure, the PNG, the SVG) and the brief; print a table in milliseconds.

Run by hand (not a test):  python benchmarks/bench_charts.py [--repeat 5]
The first chart also pays matplotlib's first-use costs (font cache, text layout); they are shown on a line of their own.
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    t0 = time.perf_counter()
    from finmodel.analysis.heat_map import build
    from finmodel.model.pipeline import load_inputs, run
    from finmodel.report.charts import style as chart_style
    from finmodel.report.charts.projection import YEAR_CHARTS, against_the_budget, heat_map_chart, year_chart
    from finmodel.report.charts.peers import MEASURES, peer_chart
    from finmodel.model.results import peer_comparisons

    res = run(load_inputs(Path(__file__).resolve().parents[1] / "inputs"))
    hm = build(res)
    t_setup = time.perf_counter() - t0
    makers = [(name, (lambda d=draw, t=title: year_chart(res, t, d))) for name, title, draw in YEAR_CHARTS]
    makers.append(("against_the_budget", lambda: against_the_budget(res)))
    makers.append(("heat_map", lambda: heat_map_chart(hm)))
    for indicator, groups in peer_comparisons(res.peers()):
        makers.append((MEASURES[indicator][0], lambda i=indicator, g=groups: peer_chart(i, g)))
    t0 = time.perf_counter()
    import matplotlib.figure  # noqa: F401 - the import is part of what the command pays
    from matplotlib.backends import backend_agg, backend_svg  # noqa: F401
    t_import = time.perf_counter() - t0
    out = Path(tempfile.mkdtemp(prefix="finmodel-charts-"))
    source = chart_style.source_line_text(res)
    rows, first = [], None
    for name, make in makers:
        build_s, png_s, svg_s = [], [], []
        for k in range(args.repeat):
            t0 = time.perf_counter()
            fig = make()
            chart_style.source_line(fig, source)
            t1 = time.perf_counter()
            fig.savefig(out / f"{name}.png", format="png", dpi=chart_style.png_dpi(fig), metadata={"Software": None},
                        pil_kwargs={"compress_level": 1})
            t2 = time.perf_counter()
            chart_style.svg_text(fig)
            t3 = time.perf_counter()
            if first is None:
                first = t3 - t0
            build_s.append(t1 - t0)
            png_s.append(t2 - t1)
            svg_s.append(t3 - t2)
        rows.append((name, *(1000 * statistics.median(v) for v in (build_s, png_s, svg_s))))
    print(f"setup (load, run, heat map) {1000 * t_setup:.0f} ms; matplotlib imports {1000 * t_import:.0f} ms; "
          f"first chart incl. first-use costs {1000 * first:.0f} ms")
    print(f"{'chart':28s}{'build':>8s}{'png':>8s}{'svg':>8s}{'total':>8s}")
    for name, b, p, s in rows:
        print(f"{name:28s}{b:8.0f}{p:8.0f}{s:8.0f}{b + p + s:8.0f}")
    tot = [sum(r[k] for r in rows) for k in (1, 2, 3)]
    print(f"{'all':28s}{tot[0]:8.0f}{tot[1]:8.0f}{tot[2]:8.0f}{sum(tot):8.0f}")
    from finmodel.report.brief.html import write_html
    from finmodel.report.brief.pdf import write_pdf

    for name, write in (("brief.html (4 SVG charts)", write_html), ("brief.pdf (one A4 page)", write_pdf)):
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            write(res, out, hm)
            times.append(time.perf_counter() - t0)
        print(f"{name:28s}{'':24s}{1000 * statistics.median(times):8.0f}")


if __name__ == "__main__":
    main()
