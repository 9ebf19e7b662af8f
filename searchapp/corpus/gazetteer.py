"""Static Vietnamese administrative units, read once from the ``vietnamadminunits`` data files.

Only the package's bundled SQLite and JSON files are read; its parser and converter functions are
never called (some of them may go online).
"""

import json
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from searchapp.text.fold import fold

PACKAGE = "vietnamadminunits"

# The type words of the legacy district table, and how they are written in a district label.
KINDS = {"Quận": "quận", "Huyện": "huyện", "Thị xã": "thị xã", "Thành phố": "thành phố"}

# Type prefixes inside the package's folded alias keys (e.g. "thixacualo", "quan9", "txphucyen").
_ALIAS_PREFIXES = (("thanhpho", "thành phố"), ("thixa", "thị xã"), ("huyen", "huyện"),
                   ("quan", "quận"), ("district", None), ("tp", "thành phố"), ("tx", "thị xã"),
                   ("q", "quận"))

# Units dissolved before the package's data was made, but common in older news.
EXTRA_DISTRICTS = (
    # huyện Từ Liêm was split into quận Nam/Bắc Từ Liêm in 2013
    ("Hà Nội", "Từ Liêm", "huyện"),
)


@dataclass(frozen=True)
class District:
    """One district-level unit: its province's short name, short name and lowercase type."""

    province: str
    name: str
    kind: str
    aliases: tuple = ()  # (kind or None, folded key without spaces) of former names and types

    @property
    def label(self):
        """The district as written in a label, e.g. ``huyện Chiêm Hóa``."""
        return f"{self.kind} {self.name}"


@dataclass(frozen=True)
class Gazetteer:
    """The 63 pre-2025 provinces, their districts and the 2025 merger map."""

    provinces: tuple  # short names, in the table's order
    province_keys: dict  # folded key without spaces -> short name
    province_2025: dict  # pre-2025 short name -> 2025 short name
    districts: tuple  # District records
    district_keys: dict = field(default_factory=dict)  # folded name key -> (District, kind, former)


def key(text):
    """Folded key without spaces or punctuation, the form the package uses.

    >>> key("Bà Rịa - Vũng Tàu")
    'bariavungtau'
    """
    return re.sub(r"[^a-z0-9]", "", fold(text))


def data_path(name):
    """Path of one of the package's data files, found without importing the package."""
    # find_spec does not run the package's __init__, which imports its parsers and converters
    return Path(find_spec(PACKAGE).origin).parent / "data" / name


def strip_note(name):
    """Short name without the package's note or a numbered unit's type word.

    >>> strip_note("Hồng Ngự (Thành phố)"), strip_note("Quận 10")
    ('Hồng Ngự', '10')
    """
    name = re.sub(r"\s*\(.*?\)\s*$", "", name)
    return re.sub(r"^(Quận|Huyện) (\d+)$", r"\2", name)


def split_alias(alias, known):
    """(kind or None, bare key) of one folded alias key, e.g. ``thixacualo`` -> ('thị xã', 'cualo').

    A prefix is stripped only when the rest is a number or one of the unit's known keys, since
    ``quanguyen`` is Quảng Uyên, not quận "Guyen".

    >>> split_alias("thixacualo", {"cualo"}), split_alias("quanguyen", set()), split_alias("q09", set())
    (('thị xã', 'cualo'), (None, 'quanguyen'), ('quận', '9'))
    """
    for prefix, kind in _ALIAS_PREFIXES:
        rest = alias[len(prefix):]
        if alias.startswith(prefix) and (rest in known or rest.isdigit()):
            return kind, rest.lstrip("0") or rest
    return None, alias


def _read_legacy(db_path):
    """Distinct (province, province key, district, type, alias JSON) rows of the legacy table."""
    with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as conn:
        return conn.execute(
            "SELECT DISTINCT provinceShort, provinceKey, districtShort, districtType, districtAlias "
            "FROM admin_units_legacy").fetchall()


def _read_2025_names(db_path):
    """2025 province key -> 2025 short name."""
    with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as conn:
        return dict(conn.execute("SELECT DISTINCT provinceKey, provinceShort FROM admin_units"))


def _merger_map(old_keys, new_names):
    """Pre-2025 short name -> 2025 short name, from the converter's DICT_PROVINCE."""
    text = data_path("converter_2025.json").read_text(encoding="utf-8")
    merged = json.loads(text)["DICT_PROVINCE"]
    by_old_key = {old: new_names[new] for new, olds in merged.items() for old in olds}
    return {short: by_old_key[k] for k, short in old_keys.items() if k in by_old_key}


def _district(province, name, kind, alias_json):
    """One District from a legacy row."""
    raw = json.loads(alias_json or "[]")
    known = set(raw) | {key(strip_note(name))}
    aliases = dict.fromkeys(split_alias(a, known) for a in raw if not a.startswith("district"))
    return District(province, strip_note(name), KINDS[kind], tuple(aliases))


def _index(districts):
    """Folded name key -> (District, kind the key implies or None, True if a former name)."""
    index = {}
    for d in districts:
        own = key(d.name)
        entries = [(own, None)] + [(k, kind) for kind, k in d.aliases]
        for k, kind in dict.fromkeys(entries):
            index.setdefault(k, []).append((d, kind, k != own))
    return {k: tuple(v) for k, v in index.items()}


@lru_cache(maxsize=1)
def load():
    """The gazetteer, read from the package's static files once per process."""
    db_path = data_path("dataset.db")
    rows = _read_legacy(db_path)
    old_keys = {r[1]: r[0] for r in rows}
    provinces = tuple(old_keys.values())
    province_keys = {key(p): p for p in provinces}
    seen = {}
    for province, _, name, kind, aliases in rows:
        seen.setdefault((province, name), _district(province, name, kind, aliases))
    extra = tuple(District(p, n, k) for p, n, k in EXTRA_DISTRICTS)
    districts = tuple(seen.values()) + extra
    return Gazetteer(provinces, province_keys, _merger_map(old_keys, _read_2025_names(db_path)),
                     districts, _index(districts))


def province_2025(province):
    """The 2025 province a pre-2025 province merged into; '' when unknown.

    >>> province_2025("Long An"), province_2025("Bình Định"), province_2025("Hà Nội")
    ('Tây Ninh', 'Gia Lai', 'Hà Nội')
    """
    return load().province_2025.get(province, "")
