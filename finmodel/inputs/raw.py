"""Raw inputs: the files of a run as read, before validation (shared by the folder and workbook readers)."""

from dataclasses import dataclass, field

MAX_BYTES = 1_000_000  # inputs are a few kB; 1 MB of dense YAML already takes PyYAML about 2 s


@dataclass(frozen=True)
class InputFile:
    """One input file as read: its display path, SHA-256 and parsed content."""

    path: str
    sha256: str
    data: object


@dataclass
class RawInputs:
    """Every input file of a run, keyed by file name, plus the scenario overlays in the order they apply."""

    root: str
    files: dict = field(default_factory=dict)
    scenarios: list = field(default_factory=list)
    warnings: list = field(default_factory=list)   # problems found while reading that do not stop the run

    def hashes(self) -> dict:
        out = {name: f.sha256 for name, f in sorted(self.files.items())}
        for f in self.scenarios:
            out[f.path] = f.sha256
        return out
