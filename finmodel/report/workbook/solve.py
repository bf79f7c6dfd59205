"""The workbook of `finmodel solve`: one sheet per goal-seek question, the answer on top and the path it implies.

Answers are shown at the precision of their unit (HK$ bn to 0.1, percentages and pp to 0.01): the solver's
tolerance is far finer, but no input is known that well. solve.json keeps the full figure.
"""

from finmodel.model.variables import BY_NAME
from finmodel.report.workbook import book, charts
from finmodel.report.workbook.book import Column, Sheet
from finmodel.report.workbook.style import set_text

UNIT_DECIMALS = {"HK$ bn a year": 1, "HK$ bn": 1, "% of GDP": 2, "pp a year": 2, "%": 2}
SHEETS = {  # answer key: (sheet name, the path variable its chart shows)
    "max_constant_issuance": ("Highest issuance", "debt_to_gdp_pct"),
    "land_for_reserves_floor_hkd": ("Land premium for the floor", "fiscal_reserves_hkd_bn"),
    "land_for_reserves_floor_share": ("Land premium, share of GDP", "fiscal_reserves_hkd_bn"),
    "growth_shortfall_for_ceiling": ("Growth shortfall", "headroom_hkd_bn"),
}


def answer_text(ans) -> str:
    """The answer at its unit's precision, with the unit ('179.1 HK$ bn a year'), or 'no answer'."""
    if ans.value is None:
        return "no answer"
    return f"{ans.value:,.{UNIT_DECIMALS.get(ans.unit, 2)}f} {ans.unit}"


def solve_workbook(answers: dict, paths: dict, run: book.Run):
    """answers: key -> goalseek.Answer; paths: key -> the path it implies (years down, projection variables across)."""
    sheets = [Sheet(SHEETS.get(k, (k[:31],))[0], ans.question[:1].upper() + ans.question[1:] + ": the answer and its path",
                    lambda ws, st, k=k, ans=ans: _answer(ws, st, ans, paths.get(k), SHEETS.get(k, (k, "debt_hkd_bn"))[1]))
              for k, ans in answers.items()]
    sheets.append(Sheet("Notes & sources", "How the answers are found and how precise they are",
                        lambda ws, st: book.write_notes(ws, st, NOTES)))
    key = [f"{ans.question[:1].upper() + ans.question[1:]}: {answer_text(ans)}"
           + (f" (binds in {ans.binding_year})" if ans.binding_year else "") + f"; {ans.note}." for ans in answers.values()]
    front = book.front_sheets("Goal-seek answers: how far the plan can go before a limit binds", None, [], key, run, sheets)
    return book.assemble(front + sheets, "finmodel solve")


def _answer(ws, st, ans, path, charted):
    """The question and answer on top, then the path year by year, then a chart of the variable the limit is on."""
    title = ans.question[:1].upper() + ans.question[1:]
    if path is None:
        book.table_sheet(ws, st, title, f"No answer: {ans.note}.", [Column("Fiscal year")], [])
        return
    columns = [Column("Fiscal year", "", None, 10)]
    columns += [Column(book.words(BY_NAME[c].label) if c in BY_NAME else c, BY_NAME[c].unit if c in BY_NAME else "",
                       BY_NAME[c].fmt if c in BY_NAME else "0.00", 13) for c in path.columns]
    rows = [[y] + list(r) for y, r in path.iterrows()]
    top, first, last = book.table_sheet(ws, st, title, f"Answer: {answer_text(ans)}"
                                        + (f", binding in {ans.binding_year}" if ans.binding_year else "") + f" ({ans.note}).",
                                        columns, rows)
    set_text(ws["A3"], f"Financing rule {ans.assumptions.financing_rule}; ceiling policy {ans.assumptions.ceiling_policy}. "
                       "The path below is the projection at the answer.")
    col = 2 + list(path.columns).index(charted)
    v = BY_NAME[charted]
    charts.lines(ws, top, first, last, 1, [col], f"{v.label} at the answer", v.unit, book.chart_below(ws, last))


NOTES = [("Method", "Each question is a function of one policy or shock value whose root is the answer, found with "
                    "scipy.optimize.brentq on the engine (tolerance 1e-12)."),
         ("Precision", "Answers are shown to 0.1 HK$ bn or 0.01 pp / % of GDP: finer digits are solver precision, not knowledge. "
                       "solve.json keeps the full figure and the residual."),
         ("Files", "solve_paths.csv holds the paths at full precision; solve.json records the answers and the run.")]

