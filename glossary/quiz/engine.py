"""Generate questions of every type from the entries, deterministically for a seed."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from glossary.content.corpus import Corpus, normalise
from glossary.content.schema import Entry
from glossary.quiz.answers import ExampleKey
from glossary.quiz.masking import (
    blank_names,
    leaks,
    mask,
    mask_code,
    mask_latex,
    shows_english_name,
)
from glossary.quiz.model import Question, QuestionType
from glossary.quiz.relations import relation_question
from glossary.snippets.examples import Answer
from glossary.text.latex import inline_math_to_unicode, latex_to_unicode

BLANK = "_____"
STOPWORDS = frozenset(
    "about above after again against among another because before being below between beyond during every "
    "example finally however instead itself little makes neither number other others rather should since "
    "something still their there these thing things those though through together toward under until "
    "usually whether which while within without would".split()
)


@dataclass
class QuizEngine:
    """Builds questions from a corpus and the computed worked-example answers."""

    corpus: Corpus
    answers: Mapping[ExampleKey, Answer]
    option_count: int = 4
    confused: Mapping[str, Sequence[str]] = field(default_factory=dict)  # answer id → terms picked for it before

    @cached_property
    def _ordered(self) -> list[Entry]:
        return [self.corpus.entries[i] for i in sorted(self.corpus.entries)]

    @cached_property
    def _neighbours(self) -> dict[str, set[str]]:
        linked: dict[str, set[str]] = {e.id: set() for e in self._ordered}
        for entry in self._ordered:
            for _, target in entry.targets():
                target_id = self.corpus.canonical_id(target)
                if target_id in linked:
                    linked[entry.id].add(target_id)
                    linked[target_id].add(entry.id)
        return linked

    def builders(self) -> dict[QuestionType, Callable[[Entry, random.Random], Question | None]]:
        """The question builder of each type."""
        return {
            QuestionType.DEFINITION_TO_TERM: self.definition_to_term,
            QuestionType.TERM_TO_DEFINITION: self.term_to_definition,
            QuestionType.EN_TO_ZH: self.en_to_zh,
            QuestionType.ZH_TO_EN: self.zh_to_en,
            QuestionType.CLOZE: self.cloze,
            QuestionType.FORMULA_TO_TERM: self.formula_to_term,
            QuestionType.TERM_TO_FORMULA: self.term_to_formula,
            QuestionType.RELATION: self.relation,
            QuestionType.CODE_TO_TERM: self.code_to_term,
            QuestionType.NUMERIC: self.numeric,
        }

    def question(self, entry: Entry, kind: QuestionType, rng: random.Random) -> Question | None:
        """A question of `kind` about `entry`, or None when the entry cannot support one."""
        return self.builders()[kind](entry, rng)

    def generate(
        self,
        count: int,
        seed: int,
        types: Iterable[QuestionType] | None = None,
        entries: Iterable[Entry] | None = None,
    ) -> list[Question]:
        """Up to `count` distinct questions, cycling through the types so that a quiz is varied."""
        rng = random.Random(seed)
        kinds = list(types or QuestionType)
        pool = list(entries) if entries is not None else list(self._ordered)
        queues = {kind: rng.sample(pool, len(pool)) for kind in kinds}
        questions: list[Question] = []
        while len(questions) < count and any(queues.values()):
            for kind in rng.sample(kinds, len(kinds)):
                queue = queues[kind]
                while queue:
                    question = self.question(queue.pop(), kind, rng)
                    if question is not None:
                        questions.append(question)
                        break
                if len(questions) == count:
                    break
        return questions

    # ---- choices -------------------------------------------------------------------------------

    def choices(
        self,
        entry: Entry,
        answer: str,
        rng: random.Random,
        option: Callable[[Entry], str | None],
        allowed: Callable[[Entry], bool] = lambda _: True,
    ) -> tuple[str, ...] | None:
        """The answer and plausible distractors (terms confused with it before, then related terms, then the same
        category), shuffled."""
        forbidden = {normalise(name) for name in entry.all_names} | {normalise(answer)}
        options: list[str] = []
        seen = set(forbidden)
        confused = self._confused_with(entry)
        ids = {e.id for e in confused}
        tiers = (confused, *([e for e in tier if e.id not in ids] for tier in self._tiers(entry)))
        for number, tier in enumerate(tiers):
            for candidate in tier if number == 0 else _shuffled(tier, rng):
                if len(options) == self.option_count - 1:
                    break
                if candidate.id == entry.id or not allowed(candidate):
                    continue
                text = option(candidate)
                if text is None or normalise(text) in seen or not normalise(text):
                    continue
                seen.add(normalise(text))
                options.append(text)
        if len(options) < self.option_count - 1:
            return None
        options.insert(rng.randrange(self.option_count), answer)
        return tuple(options)

    def _confused_with(self, entry: Entry) -> list[Entry]:
        """The existing terms the learner has picked where `entry` was the answer, most often first."""
        ids = dict.fromkeys(self.corpus.canonical_id(i) for i in self.confused.get(entry.id, ()))
        return [self.corpus.entries[i] for i in ids if i in self.corpus.entries and i != entry.id]

    def _tiers(self, entry: Entry) -> tuple[list[Entry], list[Entry], list[Entry]]:
        """Candidate distractors, most plausible first: related terms, the same category, the rest."""
        if entry.id not in self._tier_cache:
            related = self._neighbours[entry.id]
            self._tier_cache[entry.id] = (
                [e for e in self._ordered if e.id in related],
                [e for e in self._ordered if e.category == entry.category and e.id not in related],
                [e for e in self._ordered if e.category != entry.category and e.id not in related],
            )
        return self._tier_cache[entry.id]

    @cached_property
    def _tier_cache(self) -> dict[str, tuple[list[Entry], list[Entry], list[Entry]]]:
        return {}

    def _term_question(
        self, kind: QuestionType, entry: Entry, prompt: str, rng: random.Random, code: str | None = None
    ) -> Question | None:
        """A multiple-choice question whose answer is the entry's English name."""
        if leaks(prompt, entry) or leaks(code or "", entry):
            return None
        options = self.choices(entry, entry.name, rng, lambda e: e.name)
        if options is None:
            return None
        return Question(kind, entry.id, prompt, entry.name, entry.summary, options, answer_id=entry.id, code=code)

    # ---- builders ------------------------------------------------------------------------------

    def definition_to_term(self, entry: Entry, rng: random.Random) -> Question | None:
        prompt = "Which term is defined here?\n\n" + mask(inline_math_to_unicode(entry.definition.strip()), entry)
        return self._term_question(QuestionType.DEFINITION_TO_TERM, entry, prompt, rng)

    def term_to_definition(self, entry: Entry, rng: random.Random) -> Question | None:
        answer = mask(entry.summary, entry)
        options = self.choices(
            entry, answer, rng, lambda e: mask(e.summary, e), allowed=lambda e: not leaks(e.summary, entry)
        )
        if options is None:
            return None
        prompt = f"Which sentence describes {entry.name}?"
        return Question(QuestionType.TERM_TO_DEFINITION, entry.id, prompt, answer, entry.summary, options)

    def en_to_zh(self, entry: Entry, rng: random.Random) -> Question | None:
        if not _has_chinese(entry.name_zh) or shows_english_name(entry.name_zh, entry):
            return None  # "Softmax 函数" would be the one option containing the name asked about
        options = self.choices(entry, entry.name_zh, rng, lambda e: e.name_zh if _has_chinese(e.name_zh) else None)
        if options is None:
            return None
        prompt = f"What is the Chinese name of {entry.name}?"
        return Question(
            QuestionType.EN_TO_ZH,
            entry.id,
            prompt,
            entry.name_zh,
            f"{entry.summary} {entry.summary_zh}",
            options,
            accepted=tuple(entry.aliases_zh),
        )

    def zh_to_en(self, entry: Entry, rng: random.Random) -> Question | None:
        if not _has_chinese(entry.name_zh) or shows_english_name(entry.name_zh, entry):
            return None  # asking the English name of "Softmax 函数" gives it away
        prompt = f"What is the English name of “{entry.name_zh}”?"
        options = self.choices(entry, entry.name, rng, lambda e: e.name)
        if options is None:
            return None
        return Question(QuestionType.ZH_TO_EN, entry.id, prompt, entry.name, entry.summary, options, answer_id=entry.id)

    def cloze(self, entry: Entry, rng: random.Random) -> Question | None:
        summary = mask(entry.summary, entry)
        phrase, owner = self._cloze_phrase(entry, summary)
        if phrase is None:
            return None
        blanked = re.sub(re.escape(phrase), BLANK, summary, flags=re.IGNORECASE)
        if owner is not None:
            blanked = blank_names(blanked, owner, BLANK)  # the phrase's term may be named another way too
        accepted = tuple(owner.all_names) if owner else ()
        prompt = f"Fill in the blank:\n\n{blanked}"
        return Question(
            QuestionType.CLOZE,
            entry.id,
            prompt,
            phrase,
            entry.summary,
            accepted=accepted,
            answer_id=owner.id if owner else None,
        )

    @cached_property
    def _term_names(self) -> tuple[re.Pattern[str], dict[str, Entry]]:
        """One pattern matching any English name or alias (3+ letters) as a whole word, and each name's term."""
        owners: dict[str, Entry] = {}
        for entry in self._ordered:
            for name in (entry.name, *entry.aliases):
                if len(name) >= 3:
                    owners.setdefault(name.casefold(), entry)
        alternatives = "|".join(re.escape(name) for name in sorted(owners, key=len, reverse=True))
        return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE), owners

    def _cloze_phrase(self, entry: Entry, summary: str) -> tuple[str | None, Entry | None]:
        """The phrase to blank: the longest other term's name the summary mentions, else its longest keyword."""
        pattern, owners = self._term_names
        mentions = [m.group(0) for m in pattern.finditer(summary) if owners[m.group(0).casefold()].id != entry.id]
        if mentions:
            phrase = max(mentions, key=len)
            return phrase, owners[phrase.casefold()]
        words = [w for w in re.findall(r"[A-Za-z][a-z]{6,}", summary) if w.casefold() not in STOPWORDS]
        return (max(words, key=len), None) if words else (None, None)

    def _masked_formula(self, entry: Entry) -> str | None:
        """The entry's formula as Unicode with its own names masked (None when it has no formula)."""
        if entry.id not in self._formula_cache:
            latex = entry.formula.latex if entry.formula else None
            self._formula_cache[entry.id] = mask(latex_to_unicode(mask_latex(latex, entry)), entry) if latex else None
        return self._formula_cache[entry.id]

    @cached_property
    def _formula_cache(self) -> dict[str, str | None]:
        return {}

    def formula_to_term(self, entry: Entry, rng: random.Random) -> Question | None:
        formula = self._masked_formula(entry)
        if formula is None:
            return None
        return self._term_question(
            QuestionType.FORMULA_TO_TERM, entry, "Which term does this formula belong to?\n\n" + formula, rng
        )

    def term_to_formula(self, entry: Entry, rng: random.Random) -> Question | None:
        answer = self._masked_formula(entry)
        if answer is None or leaks(answer, entry):
            return None
        options = self.choices(
            entry, answer, rng, self._masked_formula, allowed=lambda e: not leaks(self._masked_formula(e) or "", entry)
        )
        if options is None:
            return None
        prompt = f"Which formula belongs to {entry.name}?"
        return Question(QuestionType.TERM_TO_FORMULA, entry.id, prompt, answer, entry.summary, options)

    def relation(self, entry: Entry, rng: random.Random) -> Question | None:
        return relation_question(self, entry, rng)

    def code_to_term(self, entry: Entry, rng: random.Random) -> Question | None:
        code = self.corpus.core_source(entry)
        if code is None:
            return None
        return self._term_question(
            QuestionType.CODE_TO_TERM, entry, "Which term does this code implement?", rng, code=mask_code(code, entry)
        )

    def numeric(self, entry: Entry, rng: random.Random) -> Question | None:
        indices = [
            i for i in range(len(entry.examples)) if self.answers.get((entry.id, i), Answer(None)).value is not None
        ]
        if not indices:
            return None
        index = rng.choice(indices)
        example, value = entry.examples[index], self.answers[(entry.id, index)].value
        assert value is not None
        return Question(
            QuestionType.NUMERIC,
            entry.id,
            example.question,
            f"{value:.6g}",
            entry.summary,
            value=value,
            rel_tol=example.rel_tol,
            abs_tol=example.abs_tol,
        )


def _shuffled(items: list[Entry], rng: random.Random) -> Iterator[Entry]:
    """The items in a random order, drawn lazily (a quiz usually needs only the first few)."""
    pool = list(items)
    while pool:
        index = rng.randrange(len(pool))
        pool[index], pool[-1] = pool[-1], pool[index]
        yield pool.pop()


def _has_chinese(text: str) -> bool:
    return re.search(r"[\u3400-\u9fff]", text) is not None
