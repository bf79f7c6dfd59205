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
    """Every input file of a run, keyed by file name, plus an optional scenario overlay."""

    root: str
    files: dict = field(default_factory=dict)
    scenario: InputFile | None = None

    def hashes(self) -> dict:
        out = {name: f.sha256 for name, f in sorted(self.files.items())}
        if self.scenario is not None:
            out[self.scenario.path] = self.scenario.sha256
        return out
