"""The public namespace: explicit, flat, one public home per name, light to import."""

from __future__ import annotations

import importlib
import subprocess
import sys

import dealterms

PUBLIC_MODULES = [
    "dealterms",
    "dealterms.exceptions",
    "dealterms.typing",
    "dealterms.examples",
    "dealterms.io",
]


def test_all_is_explicit_and_complete() -> None:
    exported = set(dealterms.__all__)
    assert len(exported) == len(dealterms.__all__), "duplicates in __all__"
    for name in exported:
        assert hasattr(dealterms, name), name
    public_attrs = {
        n
        for n, v in vars(dealterms).items()
        if not n.startswith("_") and not isinstance(v, type(sys)) and n != "annotations"
    }
    assert public_attrs <= exported, public_attrs - exported


def test_each_public_name_has_one_public_home() -> None:
    homes: dict[int, list[str]] = {}
    for modname in PUBLIC_MODULES:
        mod = importlib.import_module(modname)
        for name in mod.__all__:
            obj = getattr(mod, name)
            if isinstance(obj, type) or callable(obj):
                homes.setdefault(id(obj), []).append(f"{modname}.{name}")
    shared = [v for v in homes.values() if len(v) > 1]
    assert not shared, shared


def test_public_classes_are_documented() -> None:
    for name in dealterms.__all__:
        obj = getattr(dealterms, name)
        if isinstance(obj, type):
            assert obj.__doc__, name
            assert len(obj.__doc__.strip()) > 20, name


def test_import_is_light() -> None:
    code = (
        "import sys, dealterms, dealterms.examples, dealterms.cli; "
        "heavy = {'hypothesis', 'yaml', 'cattrs', 'pandas', 'matplotlib', 'numpy'}; "
        "print(sorted(heavy & set(sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
