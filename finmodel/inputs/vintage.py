"""The vintage of a run's inputs: the shipped baseline of 14 April 2026, that baseline as edited, or inputs of the user's own.

Every chart's source line and every workbook's Cover name the inputs a run was made from. The
shipped inputs (`inputs/`, each figure with its source) are dated by the latest source they cite;
a run whose input files all have the shipped files' SHA-256 is "of" that date. A run where some
files differ (an analyst edited `macro.yaml`, say) or were added (a scenario of their own) is that
baseline "edited", naming the files (a folder that keeps the shipped files' names but changes
them all is that baseline with every file edited); a run whose assumption files include none of the
shipped names (a workbook of inputs from `finmodel init`) is "from" its files. The
hashes below are the shipped files'; `tests/inputs/test_vintage.py` fails, printing the new table,
whenever a shipped input changes without them.
"""

from pathlib import PurePosixPath

from finmodel.translation import gettext as _, date

SHIPPED_VINTAGE = "14 April 2026"
SHIPPED_NOTE = "latest source cited: S00"
MAX_NAMED = 3
MONTHLY_TABLES = ("history/hk_monthly_results.csv", "history/hk_monthly_imports.csv", "history/hk_fiscal_reserves_outturn.csv")
# SHA-256 of each shipped input file, by its path under inputs/.
SHIPPED_SHA256 = {
    "borrowing.yaml": "13f7eb6a102b610b063bffb3c44423e1245087b2c90bf259c188990a58136108",
    "budget_plan.yaml": "1c704e25b659703ce9b4926872e91f3f18a072355976d8c6dfe02a3c635504f0",
    "fiscal.yaml": "6f72a6c6603045f66e728cfabe9a0e6bbaa3ae029201d3ba51befe8aa81d24a1",
    "fitted_plan.yaml": "334ab18d4bc489b322cbf19ca9ba6d3102c46d1022680fea8269998146c86b38",
    "fitted_shocks.yaml": "3a24c18adefb7386521db2f77c69ab45dd4cffbaeb9c3ea54a20c572470fdf04",
    "gfsm_classification.csv": "6c18928f7908da0ee6ac05330c26397cc39cc5bd52ed1aa42621a777a377dc9b",
    "history/hk_borrowing.csv": "873d00e090a6211f5c2abd34e371c60238def9c189735435e80332228b255c56",
    "history/hk_budget_estimates.csv": "06ada0ee6a0515133b434db9c9b7618b5e538a7e8dd8fa4b4f97329ef207f1b6",
    "history/hk_fiscal_long.csv": "6d037b70b9fa9f5c81696c43d6fb017d67fda40b35adccf873f307de9bc91208",
    "history/hk_fiscal_reserves_breaks.csv": "8f489d7ab323a5514101aa51a6256bd406239f1d63120ec7075f9090c8ca013f",
    "history/hk_fiscal_reserves_outturn.csv": "9f6447ce352841699b28cb09ff8bba64a45709a0c0107bf08e4f532434b08f9a",
    "history/hk_land_premium.csv": "86cb4b6cf663160375975c8590773370a01312d25e05efd45428e31a4a79af1a",
    "history/hk_macro.csv": "2fe6e147f1424bc78de1c6eaae4f573419e67d4609e20897106a6159e5206f67",
    "history/hk_monthly_imports.csv": "537c18085ced2768fbf8fdecf7608e9b02afd85d51d275a5f4844972bd593604",
    "history/hk_monthly_results.csv": "4cd36690f67b3424d7f924d3aedce9f23c2806e25a95f2e21a7e9992e7e11e21",
    "history/hk_mrf_assumptions.csv": "3e32c7fad0b28445a235c9f2c48a2afe3efd56b34d1eeebd3b06a8bf35a0f50b",
    "history/hk_mrf_track_record.csv": "e12614db8fb81b0181a3aed6f95fbaabb811fc67ab4cfe757e645ef9b3513d29",
    "history/hk_rates.csv": "7d579f4dfabc63a5c3cfc54c7bf1e043573b833b66393dfac1bba67f8855c37d",
    "history/hk_rates_annual.csv": "cd31c6a4e63b30189efda541bc649e7995d23bbfb4a36a87bb6b34b776a3a5ea",
    "long_run.yaml": "ed548e26a4340ad135eb6b8b400f63a0e13b1952856e9b9cb067dab3f6aceb8e",
    "macro.yaml": "d4017d956d675e41844cabb1d48fd6fc474a46653fa7b188efa6ce846fa9648a",
    "opening_book.csv": "3d472fd0f8f87119fc664d5a251d2a5a1df35991a2a8d186a5e9fc850f9d465f",
    "peers.csv": "a8a8d8a6b2027a24d74e770e391f6dd52bc0372a3a48ac161e9d95d5fb693a97",
    "scenarios/gap_rule.yaml": "6b84840dcc7fba9665323a58f1c62ed9616c9f2b6aa338e7745b485666484a1c",
    "scenarios/high_issuance.yaml": "33644b6e4ec3055a5a357585db07af85d330486b5d8f21eb8ff8453132a7311e",
    "scenarios/low_land.yaml": "fe6376882f51fbdeaae7a9c367200362f3b6e3fc98626ca86c70ae2422c4553a",
    "scenarios/no_policy_change.yaml": "92fdd6b01329d81ec66aa114b14c91bdab938ef237a4024580d44b50bd5e029f",
    "scenarios/passive.yaml": "e5f7e766cb98eedfd602de02d751d9e35736ae2b2b7f6a51a29e0b46cdd2c08c",
    "scenarios/rates_up.yaml": "d984f42020e58d60289be9595c1753eeb5e8f56d97e9ecdc9ec452eb0ca4ad52",
}


def shipped_key(name: str) -> str:
    """A run record's input name as a path under inputs/: a scenario as scenarios/<file>, a history table as history/<file>."""
    path = PurePosixPath(str(name).replace("\\", "/"))
    if len(path.parts) > 1 and path.parts[-2] in ("scenarios", "history"):
        return f"{path.parts[-2]}/{path.name}"
    if f"history/{path.name}" in SHIPPED_SHA256 and path.name not in SHIPPED_SHA256:
        return f"history/{path.name}"
    return path.name


def describe_with_note(input_sha256: dict, monthly_to: str | None = None) -> str:
    """`describe`, with the shipped inputs' note ("latest source cited: S00") when they are used as shipped."""
    text = describe(input_sha256, monthly_to)
    return f"{text} ({SHIPPED_NOTE})" if text == f"inputs of {SHIPPED_VINTAGE}" else text


def monthly_to_of(run: dict) -> str | None:
    """The last month of the monthly results a run record says its opening position came from ("March 2026"), or None."""
    return (run.get("opening_position") or {}).get("monthly_to")


def describe(input_sha256: dict, monthly_to: str | None = None) -> str:
    """How a run's inputs are named: "inputs of 14 April 2026" (every file as shipped), "inputs of 14 April 2026,
    edited: macro.yaml" (some differ from the shipped files or were added; more than three are counted), or
    "inputs from finmodel_inputs.xlsx" (none of the assumption files is a shipped one; history tables that differ
    from the shipped ones are named after it). monthly_to: the last month of the monthly results a run read ("March
    2024"): the tables `finmodel monthly import` writes are then named by it, not as edited."""
    hashes = {shipped_key(name): digest for name, digest in input_sha256.items()}
    if monthly_to:
        hashes = {key: digest for key, digest in hashes.items() if key not in MONTHLY_TABLES}
        return (describe(hashes) if hashes else f"inputs of {SHIPPED_VINTAGE}") + f", monthly results to {monthly_to}"
    if not hashes:
        return "inputs not recorded"
    edited = sorted(key for key, digest in hashes.items() if SHIPPED_SHA256.get(key) != digest)
    assumptions = [key for key in hashes if not key.startswith("history/")]
    if assumptions and not any(key in SHIPPED_SHA256 for key in assumptions):
        history = [key for key in edited if key.startswith("history/")]
        own = "inputs from " + ", ".join(sorted(PurePosixPath(key).name for key in assumptions))
        return own + (f", edited: {_named(history)}" if history else "")
    return _("inputs of %(vintage)s", vintage=date(SHIPPED_VINTAGE)) + (_(", edited: %(files)s", files=_named(edited)) if edited else "")


def _named(keys: list) -> str:
    return ", ".join(keys) if len(keys) <= MAX_NAMED else f"{len(keys)} files"
