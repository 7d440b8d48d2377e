"""Self-Instruct: a model writes its own instruction-tuning data, kept only if it is new enough.

Each round prompts the model with 8 example instructions (6 from the human-written seed tasks, 2 from
earlier generations) and asks for more. A generated instruction joins the pool only if its ROUGE-L
F-measure to every instruction already in the pool is below 0.7. ROUGE-L compares word sequences through
their longest common subsequence (LCS): P = LCS / |candidate|, R = LCS / |reference|, F = 2PR / (P + R).
"""

from __future__ import annotations

import re
from itertools import combinations

import numpy as np


def tokenize(text: str) -> list[str]:
    """Lower-cased alphanumeric words."""
    return re.findall(r"[a-z0-9]+", text.lower())


def lcs_length(a: list[str], b: list[str]) -> int:
    """Length of the longest common subsequence, by dynamic programming in O(|a| |b|)."""
    table = np.zeros((len(a) + 1, len(b) + 1), dtype=int)
    for i, x in enumerate(a, start=1):
        for j, y in enumerate(b, start=1):
            table[i, j] = table[i - 1, j - 1] + 1 if x == y else max(table[i - 1, j], table[i, j - 1])
    return int(table[-1, -1])


def rouge_l(candidate: str, reference: str) -> float:
    """ROUGE-L F-measure (beta = 1) between two texts."""
    a, b = tokenize(candidate), tokenize(reference)
    lcs = lcs_length(a, b)
    if lcs == 0:
        return 0.0
    precision, recall = lcs / len(a), lcs / len(b)
    return 2 * precision * recall / (precision + recall)


def filter_instructions(candidates: list[str], pool: list[str], threshold: float = 0.7) -> list[str]:
    """Add candidates to the pool one by one, each only if ROUGE-L to every pool member is below threshold."""
    pool = list(pool)
    kept = []
    for candidate in candidates:
        if all(rouge_l(candidate, existing) < threshold for existing in pool):
            pool.append(candidate)
            kept.append(candidate)
    return kept


def build_prompt(seed_tasks: list[str], generated: list[str], rng: np.random.Generator,
                 n_human: int = 6, n_machine: int = 2) -> str:
    """The generation prompt: n_human seed instructions and n_machine generated ones, numbered, then an open slot."""
    machine = min(n_machine, len(generated))
    chosen = [seed_tasks[i] for i in rng.choice(len(seed_tasks), n_human + n_machine - machine, replace=False)]
    chosen += [generated[i] for i in rng.choice(len(generated), machine, replace=False)] if machine else []
    lines = ["Here are some tasks; add one more:"] + [f"Task {k}: {text}" for k, text in enumerate(chosen, start=1)]
    return "\n".join(lines + [f"Task {len(chosen) + 1}:"])


def brute_force_lcs(a: list[str], b: list[str]) -> int:
    """LCS by trying every subsequence of a, longest first (exponential; for checking short inputs)."""
    def is_subsequence(sub: tuple[str, ...], seq: list[str]) -> bool:
        it = iter(seq)
        return all(any(token == s for s in it) for token in sub)
    for size in range(len(a), 0, -1):
        if any(is_subsequence(sub, b) for sub in combinations(a, size)):
            return size
    return 0


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    # Worked by hand: "the cat sat on the mat" vs "the cat lay on a mat": LCS = "the cat on mat" = 4 words,
    # P = R = 4/6, so F = 2/3.
    assert lcs_length(tokenize("the cat sat on the mat"), tokenize("the cat lay on a mat")) == 4
    assert np.isclose(rouge_l("The cat sat on the mat.", "the cat lay on a mat"), 2 / 3)
    # Unequal lengths: "write a poem" vs "write a short poem about rain": LCS 3, P = 1, R = 3/6, F = 2/3.
    assert np.isclose(rouge_l("write a poem", "write a short poem about rain"), 2 * 1 * 0.5 / 1.5)

    # The dynamic programme agrees with brute force on random short word sequences.
    words = ["a", "b", "c", "d"]
    for _ in range(200):
        a = list(rng.choice(words, size=rng.integers(1, 8)))
        b = list(rng.choice(words, size=rng.integers(1, 8)))
        assert lcs_length(a, b) == brute_force_lcs(a, b)
    # ROUGE-L is symmetric with beta = 1, 1 for identical texts and 0 with no shared word.
    assert np.isclose(rouge_l("write a poem", "write a short poem about rain"),
                      rouge_l("write a short poem about rain", "write a poem"))
    assert rouge_l("sort the list", "sort the list") == 1.0 and rouge_l("add two numbers", "name a colour") == 0.0

    seeds = ["Give three tips for staying healthy.", "Translate the sentence into French.",
             "Write a haiku about autumn.", "Summarize the paragraph in one sentence.",
             "Classify the sentiment of the review.", "Suggest a name for a coffee shop.",
             "Explain the rule of the game to a child.", "List the prime numbers below 20."]
    candidates = ["Give three tips for staying healthy at work.",      # near-duplicate of a seed
                  "Write a limerick about a cat.",
                  "Write a limerick about a dog.",                     # near-duplicate of the previous one
                  "Convert the temperature from Celsius to Fahrenheit."]
    kept = filter_instructions(candidates, seeds)
    print("kept:", kept)
    assert kept == ["Write a limerick about a cat.", "Convert the temperature from Celsius to Fahrenheit."]
    # Every kept instruction is below 0.7 against every seed and every earlier kept one.
    pool = list(seeds)
    for instruction in kept:
        assert max(rouge_l(instruction, other) for other in pool) < 0.7
        pool.append(instruction)

    prompt = build_prompt(seeds, kept, rng)
    print(prompt)
    tasks = [line.split(": ", 1)[1] for line in prompt.splitlines()[1:-1]]
    assert len(tasks) == 8 and sum(t in kept for t in tasks) == 2 and sum(t in seeds for t in tasks) == 6
    print("self-instruct: all checks passed")
