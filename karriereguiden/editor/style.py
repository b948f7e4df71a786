"""The house style of the role texts: one word per concept, no turn that reads as
translated, tasks in the infinitive, one register, and one role that holds the budget.
The style sheets (karriereguiden/pages/locales/STYLE-*.md) explain each rule to editors.

The pull request's tests hold the data to these rules, so `dev.py check` reports them too,
placed where they are written. The tests of the built pages use the same table.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from ..data.errors import DataError
from ..data.model import Catalogue, Mark

# One word per concept and language: the losing variants, each with the word chosen instead.
# Patterns without (?-i) ignore case.
BANNED = {
    "da": {
        r"\be-mail": "mail",
        r"webshop": "netbutik",
        r"callcent|outsourcingvirksomhed|\bbureauer\b": "virksomheder, der driver kundeservice",
        r"\bvidenbase": "vidensbase",
        r"sagsstyringssystem": "ticketsystem",
        r"ressourceplanlægning|planlægning af bemanding": "bemandingsplanlægning",
        r"kundefeedback": "kundernes tilbagemeldinger",
        r"\bchef for kundeoplevelse": "direktør for kundeoplevelse",
        r"(?-i:\bIT\b)": "it (it-afdelingen)",
        r"\bgruppe\b": "team",
        r"\bat leve for\b": "at leve af",
        r"hvad der bliver betalt": "hvad man tjener",
        # Turns that read as translated (issue 23); STYLE-da.md says why.
        r"\b(rollen|jobbet) ligger mellem": "name the role: 'Teamlederen står mellem …'",
        r"hvilke der skal have et menneske": "hvilke der skal besvares af et menneske",
        r"på begynderniveau": "kræver ingen erfaring",
        r"\blønmål": "løntal (mål reads as 'goal')",
        r"ledelsen foregår (som regel )?gennem": "chefen leder gennem",
    },
    "no": {
        r"kontaktsent(er|r)": "kundesenter",
        r"kundebehandler": "kundeservicemedarbeider",
        r"ticketsystem": "saksbehandlingssystem",
        r"vaktliste": "vaktplan",
        r"nettbutikk": "netthandel",
        r"\bleder for kundeopplevelse": "direktør for kundeopplevelse",
        r"\bfrem(tid|stilling)": "fram (framtid, framstilling)",
        r"\be-?mail": "e-post",
        r"teknisk support": "teknisk støtte",
        r"på vegne av andre|leverer kundeservice": "driver kundeservice på oppdrag for andre",
        r"\bgruppe\b": "team",
        r"\bå leve for\b": "å leve av",
        r"hva det betales": "hva man tjener",
        # Turns that read as translated (issue 23); STYLE-no.md says why.
        r"\binnsikt om\b": "innsikt i",
        r"befinner seg mellom": "står mellom",
        r"\brollen (handler|ligger)\b": "name the role or say 'jobben går ut på'",
        r"heller ikke (noe|noen) \w+ enn": "heller ingen … enn ('heller ikke' is 'neither')",
        r"\blønnsmål": "lønnstall (mål reads as 'goal')",
        r"lederansvaret utøves": "sjefen leder",
    },
    "sv": {
        r"chattbotar": "chattbottar (Språkrådet: en bott, flera bottar)",
        r"självservice|självbetjäningstjänst": "självbetjäning (självbetjäningslösning)",
        r"kunskapsdatabas": "kunskapsbank",
        r"instrumentpanel": "dashboard",
        r"\bkundservice": "kundtjänst",
        r"resursplanering": "bemanningsplanering",
        r"\bchef för kundupplevelse": "direktör för kundupplevelse",
        r"\bsälj\b": "försäljning",
        r"kundtjänst åt andra": "sköter kundtjänst på uppdrag av andra",
        r"\be-?mail|\be-post\b": "mejl",
        r"\bgrupp(en)?\b": "team",
        r"(?-i:\b[DN]kr\b)": "DKK, NOK",
        r"lönar sig": "vad man tjänar",
        r"lönöversikt": "löneöversikt",
        # Turns that read as translated (issue 23); STYLE-sv.md says why.
        r"\brollen finns mellan": "name the role: 'Teamledaren står mellan …'",
        r"\bmedlyssna(r)?\b": "lyssna på samtal (medlyssning is the noun)",
        r"ledarskapet utövas": "chefen leder",
        r"\bsom \w+ (leder|tar|har|är) du\b": "the third person: 'En kontaktcenterchef leder …'",
    },
}
_BANNED = {
    code: [(re.compile(pattern, re.IGNORECASE), word) for pattern, word in words.items()]
    for code, words in BANNED.items()
}

# Concepts that belong to one role: other roles' texts mention them only in a sentence that
# names that role, so the guide tells one story of who does what. A role that is not in the
# catalogue holds nothing.
SOLE_HOLDERS = {
    "budget": (re.compile(r"budget|budsjett", re.IGNORECASE), "contact-centre-manager"),
}

# Titles, slugs and other names are the names people search for, not running text: a
# variant the running text avoids ("kundebehandler") may rightly be one of them.
_NAMES = ("marks", "slug", "also_called")

# The word the infinitive follows, to say which form a task starts with.
_INFINITIVE_MARK = {"da": "at", "no": "å", "sv": "att"}

# One register: a role's texts speak of the role in the third person ("Teamlederen lægger
# vagtplaner", "man"); only FAQ answers, where the reader asked, say "du". Words that
# address the reader, per language ("dit" is "there" in Swedish, so only Danish has it).
SECOND_PERSON = {
    "da": re.compile(r"\b(du|dig|din|dit|dine|jer|jeres)\b", re.IGNORECASE),
    "no": re.compile(r"\b(du|deg|din|ditt|dine|dere)\b", re.IGNORECASE),
    "sv": re.compile(r"\b(du|dig|din|ditt|dina|ni|er|era)\b", re.IGNORECASE),
}


# All of a language's variants in one pattern: most texts hold none, and one search of
# each text is far quicker than one per variant (the check reads every text of every role).
_ANY_BANNED = {
    code: re.compile("|".join(f"(?:{p.pattern})" for p, _ in patterns), re.IGNORECASE)
    for code, patterns in _BANNED.items()
    if patterns
}


def banned_in(text: str, code: str) -> list[tuple[str, str]]:
    """(the word(s) as written, the word to write instead) for each variant in ``text``."""
    if code not in _ANY_BANNED or not _ANY_BANNED[code].search(text):
        return []
    return [
        (_whole_words(text, found), word)
        for pattern, word in _BANNED.get(code, [])
        for found in [pattern.search(text)]
        if found
    ]


def _whole_words(text: str, found: re.Match) -> str:
    """The match widened to whole words: 'callcentre', where the pattern says 'callcent'."""
    start, end = found.span()
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return text[start:end]


@dataclasses.dataclass(frozen=True)
class Text:
    """One running text of a role in one language, and where it is written."""

    role: str
    language: str
    field: str  # as the message names it: "field 'tasks'", "FAQ entry 2, field 'answer'"
    text: str
    mark: Mark

    @property
    def context(self) -> str:
        return f"role '{self.role}', language '{self.language}', {self.field}"


def _texts_of(record, role: str, code: str, prefix: str = "") -> Iterator[Text]:
    """Every text of a record, whatever fields it has: new fields are checked too."""
    for field in dataclasses.fields(record):
        name = field.name
        if name in _NAMES or "title" in name:
            continue
        value = getattr(record, name)
        label = f"{prefix}field '{name}'"
        mark = record.marks.get(name, record.marks.get(""))
        if isinstance(value, str):
            yield Text(role, code, label, value, mark)
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                # A list has a mark per entry; paragraphs written as one text have one mark.
                at = record.marks.get(f"{name}[{i}]", mark)
                if isinstance(item, str):
                    yield Text(role, code, label, item, at)
                elif dataclasses.is_dataclass(item):
                    yield from _texts_of(item, role, code, f"FAQ entry {i + 1}, ")


def role_texts(catalogue: Catalogue) -> Iterator[Text]:
    """The running text of every role in every language."""
    for role in catalogue.roles:
        for code, text in role.texts.items():
            yield from _texts_of(text, role.id, code)


def _problem(file: str, text: Text, message: str) -> DataError:
    mark = text.mark or Mark(1, 1)
    return DataError(file, mark.line, mark.column, message, text.context)


def variant_problems(catalogue: Catalogue, file: str) -> list[DataError]:
    """Words the guide writes another way in that language."""
    return [
        _problem(
            file,
            text,
            f"'{found}' is not the word this guide uses: write '{word}' (one word for each "
            "thing in each language)",
        )
        for text in role_texts(catalogue)
        for found, word in banned_in(text.text, text.language)
    ]


def _infinitive(word: str, code: str) -> str | None:
    """The infinitive of a present-tense verb where the ending says it for sure."""
    lower = word.lower()
    if code in ("da", "no") and re.search(r"(er|[aeiouyåæ]r)$", lower):
        return word[:-1]  # "Besvarer" -> "Besvare", "Går" -> "Gå"
    if code == "sv":
        if re.search(r"(ar|år|or)$", lower):
            return word[:-1]  # "Svarar" -> "Svara", "Går" -> "Gå"
        if lower.endswith("er") and len(lower) > 3:
            return word[:-2] + "a"  # "Lägger" -> "Lägga"
    return None


def task_problems(catalogue: Catalogue, file: str) -> list[DataError]:
    """Tasks start with a verb in the infinitive ('Besvare'), not the present ('Besvarer').

    The present tense ends in -r in all three languages; no infinitive does."""
    problems = []
    for role in catalogue.roles:
        for code, texts in role.texts.items():
            for i, task in enumerate(texts.tasks):
                first = task.split()[0] if task.split() else ""
                if not first.lower().endswith("r"):
                    continue
                mark = texts.marks.get(f"tasks[{i}]", texts.marks.get("tasks", Mark(1, 1)))
                guess = _infinitive(first, code)
                write = f"write '{guess}'" if guess else "write that form instead"
                problems.append(
                    _problem(
                        file,
                        Text(role.id, code, "field 'tasks'", task, mark),
                        f"'{first}' reads as the present tense; tasks start with the "
                        f"infinitive, the form after '{_INFINITIVE_MARK.get(code, 'to')}': "
                        f"{write}",
                    )
                )
    return problems


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.?!])\s+", text)


def holder_problems(catalogue: Catalogue, file: str) -> list[DataError]:
    """A concept one role holds, named by another role's text without naming that role."""
    problems = []
    for concept, (pattern, holder_id) in SOLE_HOLDERS.items():
        holder = next((r for r in catalogue.roles if r.id == holder_id), None)
        if holder is None:
            continue
        for text in role_texts(catalogue):
            if text.role == holder_id or text.language not in holder.texts:
                continue
            title = holder.texts[text.language].title
            for sentence in _sentences(text.text):
                if pattern.search(sentence) and title.lower() not in sentence.lower():
                    problems.append(
                        _problem(
                            file,
                            text,
                            f"this text speaks of the {concept}, which only the "
                            f"{title.lower()} ('{holder_id}') holds in this guide: name that "
                            f"role in the sentence, or leave the {concept} out "
                            f'("{sentence[:60]}{"…" if len(sentence) > 60 else ""}")',
                        )
                    )
    return problems


def register_problems(catalogue: Catalogue, file: str) -> list[DataError]:
    """A role text outside the FAQ answers that speaks to the reader ('du')."""
    problems = []
    for text in role_texts(catalogue):
        pattern = SECOND_PERSON.get(text.language)
        if pattern is None or text.field.startswith("FAQ entry"):
            continue
        for found in pattern.finditer(text.text):
            problems.append(
                _problem(
                    file,
                    text,
                    f"'{found.group(0)}' speaks to the reader; a role's texts speak of the role "
                    "in the third person (its title, 'man'/'en'), and only FAQ answers say "
                    f"'du': {_around(text.text, found)}",
                )
            )
    return problems


def _around(text: str, found: re.Match) -> str:
    start, end = max(0, found.start() - 30), min(len(text), found.end() + 30)
    return f'"{"…" if start else ""}{text[start:end]}{"…" if end < len(text) else ""}"'


def other_name_source_problems(catalogue: Catalogue, file: str, text: str) -> list[DataError]:
    """An 'also_called' list without a comment right above it saying where the names come
    from: another name goes in only with a source, so that the next editor can check it."""
    lines = text.splitlines()
    problems = []
    for role in catalogue.roles:
        for code, texts in role.texts.items():
            mark = texts.marks.get("also_called")
            if not texts.also_called or mark is None:
                continue
            key = mark.line - 1  # 0-based; a block list starts on the line below its key
            while key > 0 and "also_called:" not in lines[key]:
                key -= 1
            above = lines[key - 1].strip() if key > 0 else ""
            if not above.startswith("#"):
                problems.append(
                    DataError(
                        file,
                        key + 1,
                        lines[key].index("also_called") + 1,
                        "'also_called' has no comment above it: say where each name comes "
                        "from (a job ad, a classification, a union's page) in a comment on "
                        "the line above, or leave the name out",
                        f"role '{role.id}', language '{code}', field 'also_called'",
                    )
                )
    return problems


def style_problems(catalogue: Catalogue, file: str, text: str | None = None) -> list[DataError]:
    """Every house-style rule the pull request holds the role texts to. With the file's
    ``text``, also the comments that name other names' sources."""
    return (
        variant_problems(catalogue, file)
        + task_problems(catalogue, file)
        + holder_problems(catalogue, file)
        + register_problems(catalogue, file)
        + (other_name_source_problems(catalogue, file, text) if text is not None else [])
    )
