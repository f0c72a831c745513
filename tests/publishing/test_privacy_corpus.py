"""The privacy check measured on a labelled corpus of Thai sentences (privacy_corpus.tsv):
recall over the personal data in it and false positives over clean sentences, with the
office's sample contacts and gazetteer as a deployment has them. Its speed is measured by
bench/disclosure_checks.py, not here.

Run ``python -m tests.publishing.test_privacy_corpus`` to print the figures and every miss."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geothai

from portal.publishing.pii.gazetteer import office_gazetteer
from portal.publishing.privacy import Finding, KnownPeople, check_text

CORPUS = Path(__file__).with_name("privacy_corpus.tsv")
DISTRICT_CODES = ("4808", "4809", "4804", "4803", "4810", "4811")  # the office's six districts
# ตัวอย่าง: the demo office's published contacts (portal/demo/reference.py).
OFFICE_CONTACTS = {"042-000-000", "contact@nkp2.example", "@nkp2.example",
                   "https://line.me/R/ti/p/@nkp2.example",
                   "https://www.facebook.com/nakhonpanom2"}
# ตัวอย่าง: schools named like the demo's, after each real subdistrict of the six districts.
SCHOOLS = [f"โรงเรียนบ้าน{s.name_th.removeprefix('บ้าน')}"
           for code in DISTRICT_CODES for s in geothai.subdistricts(code)]


@dataclass(frozen=True)
class Example:
    sentence: str
    expected: tuple[tuple[str, str], ...]  # (kind, text); empty for a clean sentence


@dataclass
class Score:
    found: int
    expected: int
    false_positive_sentences: int
    clean_sentences: int
    misses: list[tuple[str, str, str]]
    false_positives: list[tuple[str, list[Finding]]]

    @property
    def recall(self) -> float:
        return self.found / self.expected

    @property
    def false_positive_rate(self) -> float:
        return self.false_positive_sentences / self.clean_sentences


def load_corpus() -> list[Example]:
    examples = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        labels, sentence = line.split("\t")
        expected = () if labels == "-" else tuple(
            tuple(label.strip().split(":", 1)) for label in labels.split("|"))
        examples.append(Example(sentence, expected))  # type: ignore[arg-type]
    return examples


def office_known() -> KnownPeople:
    places = office_gazetteer({c[:2] for c in DISTRICT_CODES}, SCHOOLS)
    return KnownPeople(allowed_hosts={"nkp2.example"}, office_contacts=OFFICE_CONTACTS,
                       places=places)


def covered(sentence: str, text: str, findings: list[Finding]) -> bool:
    """Whether some finding overlaps where ``text`` stands in the sentence."""
    start = sentence.index(text)
    end = start + len(text)
    for finding in findings:
        at = sentence.find(finding.text)
        while at >= 0:
            if at < end and start < at + len(finding.text):
                return True
            at = sentence.find(finding.text, at + 1)
    return False


def score(examples: list[Example], known: KnownPeople) -> Score:
    result = Score(0, 0, 0, 0, [], [])
    for example in examples:
        findings = check_text(example.sentence, known)
        if not example.expected:
            result.clean_sentences += 1
            if findings:
                result.false_positive_sentences += 1
                result.false_positives.append((example.sentence, findings))
        for kind, text in example.expected:
            result.expected += 1
            if covered(example.sentence, text, findings):
                result.found += 1
            else:
                result.misses.append((kind, text, example.sentence))
    return result


def test_the_corpus_is_large_and_labelled_consistently():
    examples = load_corpus()
    assert len(examples) >= 200
    assert sum(1 for e in examples if e.expected) >= 100
    assert sum(1 for e in examples if not e.expected) >= 100
    for example in examples:
        for _kind, text in example.expected:
            assert text in example.sentence, (text, example.sentence)


def test_recall_on_personal_data_and_false_positives_on_clean_text():
    result = score(load_corpus(), office_known())
    print(f"\nrecall {result.recall:.1%} ({result.found}/{result.expected}), "
          f"false positives {result.false_positive_rate:.1%} "
          f"({result.false_positive_sentences}/{result.clean_sentences})")
    assert result.recall >= 0.98, result.misses
    assert result.false_positive_rate <= 0.02, result.false_positives


if __name__ == "__main__":
    outcome = score(load_corpus(), office_known())
    for kind, text, sentence in outcome.misses:
        print(f"MISS {kind}: {text}\n     {sentence}")
    for sentence, findings in outcome.false_positives:
        print(f"FALSE POSITIVE {[(f.kind, f.text) for f in findings]}\n     {sentence}")
    print(f"recall {outcome.recall:.1%} ({outcome.found}/{outcome.expected})")
    print(f"false positives {outcome.false_positive_rate:.1%} "
          f"({outcome.false_positive_sentences}/{outcome.clean_sentences} clean sentences)")
