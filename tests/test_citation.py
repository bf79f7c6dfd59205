"""CITATION.cff is valid Citation File Format 1.2.0 and names the version every output records."""

import tomllib

import yaml
from cffconvert import Citation

from finmodel.version import __version__
from tests.conftest import ROOT

CFF = ROOT / "CITATION.cff"


def test_citation_is_valid_cff_1_2_0():
    Citation(CFF.read_text(encoding="utf-8")).validate()   # raises on a key or value the 1.2.0 schema refuses


def test_citation_version_is_the_model_version_and_license_the_package_license():
    cff = yaml.safe_load(CFF.read_text(encoding="utf-8"))
    assert cff["version"] == __version__, "CITATION.cff's version must follow finmodel/version.py"
    license_text = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["license"]["text"]
    assert cff["license"] == license_text == "MIT"
    assert cff["cff-version"] == "1.2.0"
    for key in ("message", "title", "authors", "abstract"):
        assert cff[key], key
    assert cff["authors"] == [{"name": "finmodel contributors"}]


def test_changelog_has_an_unreleased_section_and_an_entry_for_the_released_version():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in text and "## Versioning policy" in text
    assert f"## [{__version__}]" in text, "a version bump needs its CHANGELOG.md entry"
