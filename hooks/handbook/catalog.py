"""Load every playbook, validate each, then check what spans files: ids, references and sources."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from .model import PLAYBOOK_MODELS, Entry, PlaybookBase
from .problems import HandbookError, Problem, describe_hidden_characters, format_path
from .validate import cleaned, suggest, validate_document
from .yaml_loader import YamlDocument, load_yaml_bytes, read_yaml_file_bytes

KIND_ORDER = list(PLAYBOOK_MODELS)


@dataclass(frozen=True)
class Settings:
    """What the build needs to know besides the YAML files (from mkdocs.yml `extra.handbook`)."""

    root: Path
    playbooks_dir: str = "playbooks"
    quizzes_dir: str = "quizzes"
    sources: dict[str, str] = field(default_factory=dict)
    quiz_coverage_min: int = 0
    version: str = ""

    @classmethod
    def from_extra(cls, root: Path, extra: dict | None) -> Settings:
        options = dict((extra or {}).get("handbook") or {})
        return cls(
            root=root,
            playbooks_dir=options.get("playbooks_dir", "playbooks"),
            quizzes_dir=options.get("quizzes_dir", "quizzes"),
            sources=dict(options.get("sources") or {}),
            quiz_coverage_min=int(options.get("quiz_coverage_min") or 0),
            version=str(options.get("version") or ""),
        )


@dataclass(frozen=True)
class PlaybookRecord:
    playbook: PlaybookBase
    path: str  # as shown to trainers, relative to the project root
    doc: YamlDocument = field(repr=False, compare=False)


@dataclass
class Handbook:
    records: list[PlaybookRecord]
    settings: Settings
    entries: dict[str, tuple[PlaybookRecord, Entry]] = field(default_factory=dict)
    playbooks: dict[str, PlaybookRecord] = field(default_factory=dict)
    renamed: dict[str, str] = field(default_factory=dict)
    # Ids written in playbook files that failed validation: a reference to one is not reported
    # again, since that file's own problem is the one to fix (one typo must not make 40 reports).
    ids_in_broken_files: set[str] = field(default_factory=set, repr=False, compare=False)
    # Fingerprints are asked for once per quiz page, over every entry: work them out once.
    fingerprint_cache: dict[frozenset[str], str] = field(default_factory=dict, repr=False, compare=False)
    entry_json_cache: dict[str, bytes] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self):
        for record in self.records:
            self.playbooks[record.playbook.id] = record
            for entry in record.playbook.entries:
                self.entries[entry.id] = (record, entry)
                for old in entry.renamed_from:
                    self.renamed[old] = entry.id

    def ids(self) -> set[str]:
        return set(self.playbooks) | set(self.entries)


def yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file())


def display_path(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


@dataclass(frozen=True)
class ReadFile:
    """One YAML file, loaded and validated on its own: `model` is None unless it had no problem."""

    shown: str
    doc: YamlDocument | None
    model: object | None
    problems: tuple[Problem, ...]


class FileMemo:
    """Under `mkdocs serve`: each file's ReadFile by its bytes, kept from one rebuild to the next.

    A trainer's edit touches one file, and reading and validating the others again was a sixth
    of every rebuild. Models are frozen, so a remembered one is as good as a new one."""

    def __init__(self):
        self._last: dict[tuple, ReadFile] = {}
        self._now: dict[tuple, ReadFile] = {}

    def next_build(self) -> None:
        self._last, self._now = self._now or self._last, {}

    def get(self, key: tuple, read) -> ReadFile:
        found = self._last.get(key) or read()
        self._now[key] = found
        return found


def read_folder(folder: Path, root: Path, models: dict, noun: str, memo: FileMemo | None = None) -> list[ReadFile]:
    """Every YAML file in `folder`, in name order."""
    found = []
    for path in yaml_files(folder):
        shown = display_path(path, root)
        raw, problems = read_yaml_file_bytes(path, shown)
        if raw is None:
            found.append(ReadFile(shown, None, None, tuple(problems)))
            continue
        read = functools.partial(_read_yaml, raw, shown, models, noun)
        found.append(memo.get((shown, raw, noun), read) if memo is not None else read())
    return found


def _read_yaml(raw: bytes, shown: str, models: dict, noun: str) -> ReadFile:
    doc, problems = load_yaml_bytes(raw, shown)
    if doc is None:
        return ReadFile(shown, None, None, tuple(problems))
    model, found = validate_document(doc, models, noun)
    return ReadFile(shown, doc, None if found else model, tuple(problems + found))


def load_playbooks(settings: Settings, memo: FileMemo | None = None) -> tuple[list[PlaybookRecord], set[str], list[Problem]]:
    """The valid playbooks, the ids written in the files that are not (already reported), and the problems."""
    files = read_folder(settings.root / settings.playbooks_dir, settings.root, PLAYBOOK_MODELS, "手册", memo)
    problems = [problem for file in files for problem in file.problems]
    records = [PlaybookRecord(file.model, file.shown, file.doc) for file in files if file.model is not None]
    records.sort(key=lambda r: (KIND_ORDER.index(r.playbook.kind), r.playbook.order, r.playbook.id))
    sites = [site for file in files if file.doc is not None for site in written_ids(file.doc, ("entries",))]
    broken = {site.ident for file in files if file.model is None and file.doc is not None
              for site in written_ids(file.doc, ("entries",))}
    return records, broken, instead_at_same_place(problems, near_duplicate_ids(sites))


@dataclass(frozen=True)
class IdSite:
    """An id exactly as written, valid or not, and where."""

    ident: str
    path: str
    line: int
    col: int
    where: str


def written_ids(doc: YamlDocument, lists: tuple[str, ...], own: bool = True) -> list[IdSite]:
    """The file's own `id` (unless own=False) and the `id` of each item of the given lists, straight from the YAML."""
    found = []
    data = doc.data if isinstance(doc.data, dict) else {}
    locs = [("id",)] * own + [
        (key, i, "id")
        for key in lists
        if isinstance(data.get(key), list)
        for i, item in enumerate(data[key])
        if isinstance(item, dict)
    ]
    for loc in locs:
        ident = data.get("id") if len(loc) == 1 else data[loc[0]][loc[1]].get("id")
        if isinstance(ident, str):
            found.append(IdSite(ident, doc.path, *doc.position(loc), format_path(loc)))
    return found


def near_duplicate_ids(sites: list[IdSite]) -> list[Problem]:
    """Ids that differ only by case, full-width letters or invisible characters: name both ends.

    They are different strings, so the exact duplicate check cannot see them; yet once the trainer
    fixes the odd one as the format message asks, it clashes with the other.
    """
    groups: dict[str, list[IdSite]] = {}
    for site in sites:
        groups.setdefault(cleaned(site.ident), []).append(site)
    problems = []
    for group in groups.values():
        for site in group:
            others = [o for o in group if o.ident != site.ident]
            if not others or site.ident == cleaned(site.ident):
                continue
            other = others[0]
            hidden = describe_hidden_characters(site.ident)
            differs = f"只差{hidden}" if hidden else "只差大小写"
            problems.append(Problem(site.path, site.line, site.col, site.where,
                                    f"id {site.ident!r} 和 {other.path}:{other.line} 的 {other.ident!r} {differs}",
                                    "id 只能用小写英文字母、数字和连字符，而且不能重复：给这一个另起一个 id"))
    return problems


def instead_at_same_place(problems: list[Problem], better: list[Problem]) -> list[Problem]:
    """One message per place: a more specific problem replaces the general ones at its position."""
    places = {(p.path, p.line, p.col, p.where) for p in better}
    return [p for p in problems if (p.path, p.line, p.col, p.where) not in places] + better


def check_handbook(handbook: Handbook) -> list[Problem]:
    return _duplicate_ids(handbook.records) + _bad_references(handbook) + _unknown_sources(handbook)


def load_handbook(settings: Settings) -> Handbook:
    """Load, validate and cross-check every playbook; raise once with every problem."""
    records, broken, problems = load_playbooks(settings)
    handbook = Handbook(records, settings, ids_in_broken_files=broken)
    problems += check_handbook(handbook)
    if problems:
        raise HandbookError(problems)
    return handbook


def _id_sites(records: list[PlaybookRecord]):
    """Every id with the file and position where it is defined."""
    for record in records:
        yield record.playbook.id, record, ("id",)
        for i, entry in enumerate(record.playbook.entries):
            yield entry.id, record, ("entries", i, "id")


def _duplicate_ids(records: list[PlaybookRecord]) -> list[Problem]:
    seen: dict[str, list[tuple[PlaybookRecord, tuple]]] = {}
    for ident, record, loc in _id_sites(records):
        seen.setdefault(ident, []).append((record, loc))
    problems = []
    for ident, sites in seen.items():
        if len(sites) < 2:
            continue
        for record, loc in sites:
            others = [f"{r.path}:{r.doc.position(l)[0]}" for r, l in sites if (r, l) != (record, loc)]
            # Three places are enough to find the clash; a hostile file can repeat one id thousands of times.
            others = "、".join(others[:3]) + (f" 等 {len(others)} 处" if len(others) > 3 else "")
            problems.append(
                Problem(record.path, *record.doc.position(loc), format_path(loc),
                        f"id {ident} 重复，{others} 也用了它", "id 在整本手册里必须唯一：改掉其中一个")
            )
    return problems


def reference_problem(handbook: Handbook, ref: str, path: str, position: tuple[int, int], where: str) -> Problem | None:
    """None when `ref` names a playbook or entry; otherwise a problem with the best hint."""
    if ref in handbook.playbooks or ref in handbook.entries or ref in handbook.ids_in_broken_files:
        return None
    if ref in handbook.renamed:
        new = handbook.renamed[ref]
        return Problem(path, *position, where, f"{ref} 已改名为 {new}", f"把 {ref} 改成 {new}")
    hint = suggest(ref, handbook.ids())
    fix = f"是不是 {hint}？" if hint else "检查拼写，或先写好那个条目"
    return Problem(path, *position, where, f"引用了不存在的 id {ref}", fix)


def _bad_references(handbook: Handbook) -> list[Problem]:
    problems = []
    for record in handbook.records:
        for i, entry in enumerate(record.playbook.entries):
            refs = [(("entries", i, "see", j), ref) for j, ref in enumerate(entry.see)]
            refs += [
                (("entries", i, "items", j, "see"), item.see)
                for j, item in enumerate(getattr(entry, "items", []))
                if item.see
            ]
            for loc, ref in refs:
                problem = reference_problem(handbook, ref, record.path, record.doc.position(loc), format_path(loc))
                if problem:
                    problems.append(problem)
    return problems


def _unknown_sources(handbook: Handbook) -> list[Problem]:
    known = handbook.settings.sources
    problems = []
    for record in handbook.records:
        for i, entry in enumerate(record.playbook.entries):
            for j, source in enumerate(entry.sources):
                if source in known:
                    continue
                loc = ("entries", i, "sources", j)
                hint = suggest(source, known)
                fix = (f"是不是 {hint}？" if hint else "") + "来源必须列在 mkdocs.yml 的 extra.handbook.sources 里"
                hidden = describe_hidden_characters(source)
                what = f"未登记的来源 {source!r}，里面有{hidden}" if hidden else f"未登记的来源 {source}"
                problems.append(Problem(record.path, *record.doc.position(loc), format_path(loc), what, fix))
    return problems
