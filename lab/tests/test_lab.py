"""Tests of the lab's Python side: held-out items never trained, determinism, rotary convention, GGUF round trip.

    cd lab && OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -m unittest discover -s tests -v
"""
from __future__ import annotations

import math
import os
import tempfile
import unittest

import numpy as np
import torch

from scalegap_lab import corpus, evaluate, gguf, gguf_reader, ladder, train
from scalegap_lab.model import Llama, ModelConfig, apply_rotary, rotary_tables

torch.set_num_threads(1)
SPLIT = corpus.make_split()
LINES = corpus.training_lines(SPLIT)
LINE_SET = set(LINES)


def trained_questions() -> set[str]:
    out = set()
    for line in LINES:
        assert line.startswith("Question: ")
        out.add(line[len("Question: "):line.index("\nAnswer: ")])
    return out


class HeldOutTest(unittest.TestCase):
    def test_evaluation_items_are_never_in_training(self):
        questions = trained_questions()
        records = ladder.all_tasks(SPLIT)
        phrasings = {q.question: q.meta["trained"] for q in corpus.knowledge_phrasings(SPLIT)}
        for task, recs in records.items():
            for rec in recs:
                gold_line = corpus.line_text(rec["question"], rec["choices"][rec["answer"]])
                if task.endswith("-seen") or (task == "knowledge-phrasings" and phrasings[rec["question"]]):
                    self.assertIn(rec["question"], questions, f"{rec['id']} should be verbatim in training")
                else:
                    self.assertNotIn(rec["question"], questions, f"{rec['id']} was trained on")
                    self.assertNotIn(gold_line, LINE_SET, rec["id"])

    def test_every_knowledge_phrasing_and_single_hop_is_trained_for_other_items(self):
        questions = trained_questions()
        for phrasing in corpus.tasks.KNOWLEDGE_PHRASINGS:
            prefix = phrasing.split("{c}")[0]
            self.assertTrue(any(q.startswith(prefix) and q.endswith(phrasing.split("{c}")[1]) for q in questions))
        world = SPLIT.world
        for p in range(len(world.people)):
            self.assertIn(f"mother of {world.people[p]}?", questions)
            self.assertIn(f"friend of {world.people[p]}?", questions)

    def test_items_have_four_distinct_choices_and_a_gold_index(self):
        for task, recs in ladder.all_tasks(SPLIT).items():
            for rec in recs:
                self.assertEqual(len(rec["choices"]), 4, rec["id"])
                self.assertEqual(len(set(rec["choices"])), 4, rec["id"])
                self.assertIn(rec["answer"], range(4))

    def test_two_hop_distractors_share_the_gold_prior(self):
        world = SPLIT.world
        records = ladder.all_tasks(SPLIT)["compositional"]
        same = 0
        for rec, q in zip(records, SPLIT.heldout["compositional"]):
            self.assertEqual(rec["question"], q.question)
            self.assertEqual(rec["choices"][rec["answer"]], q.answer)
            outer = q.meta["outer"]
            degree = {}
            for p in range(len(world.people)):
                name = world.people[corpus.tasks.relation(world, outer, p)]
                degree[name] = degree.get(name, 0) + 1
            same += len({degree[c] for c in rec["choices"]}) == 1
        self.assertGreaterEqual(same, 85)  # the rest: gold in-degree too rare, nearest in-degrees
        self.assertGreater(len({rec["answer"] for rec in records}), 3)

    def test_every_line_and_every_scored_sequence_fits_the_context(self):
        context = train.config_by_name("S4k").context
        self.assertLessEqual(max(len(line.encode()) + 1 for line in LINES), context + 1)
        for task, recs in ladder.all_tasks(SPLIT).items():
            longest = max(len(evaluate.prompt_tokens(r["question"])) + max(len(evaluate.option_tokens(c)) for c in r["choices"])
                          for r in recs)
            self.assertLessEqual(longest, context, task)

    def test_override_items_state_a_wrong_capital_and_offer_the_real_one(self):
        world = SPLIT.world
        names = set(world.countries) | set(world.capitals) | set(world.people)
        self.assertFalse(names & (set(SPLIT.fresh_countries) | set(SPLIT.fresh_capitals)))
        for q in SPLIT.heldout["override"]:
            country = world.countries.index(q.meta["country"])
            self.assertEqual(q.meta["trap"], world.capitals[country])
            self.assertNotEqual(q.answer, q.meta["trap"])
            self.assertIn(q.meta["trap"], q.choices)
            self.assertTrue(q.question.startswith(f"{q.meta['country']}: {q.answer}. "))
        override_lines = [line for line in LINES if ". capital of " in line]
        self.assertGreater(len(override_lines), 20000)
        for line in override_lines[:2000]:  # training lines: invented countries only, answer = the stated capital
            country = line[len("Question: "):line.index(":", len("Question: "))]
            self.assertIn(country, SPLIT.fresh_countries)
            stated = line.split(": ")[2].split(".")[0]
            self.assertTrue(line.endswith("\nAnswer: " + stated))

    def test_knowledge_phrasings_group_three_versions_with_one_set_of_choices(self):
        groups = {}
        for rec in ladder.all_tasks(SPLIT)["knowledge-phrasings"]:
            groups.setdefault(rec["group"], []).append(rec)
        self.assertEqual(len(groups), corpus.PHRASING_GROUPS)
        heldout = {r["question"] for r in ladder.all_tasks(SPLIT)["knowledge"]}
        for recs in groups.values():
            self.assertEqual(len(recs), 3)
            self.assertIn(recs[0]["question"], heldout)  # the base item is the never-trained phrasing
            self.assertEqual(len({r["choices"][r["answer"]] for r in recs}), 1)
            self.assertTrue(all(r["choices"] == recs[0]["choices"] for r in recs))

    def test_shortcut_items_offer_the_one_hop_trap(self):
        world = SPLIT.world
        for q in corpus.shortcut_items(world):
            rel, person = q.meta["relation"], q.meta["person"]
            one = corpus.tasks.relation(world, rel, person)
            self.assertEqual(q.answer, world.people[corpus.tasks.relation(world, rel, one)])
            self.assertIn(world.people[one], q.choices)
            self.assertNotEqual(world.people[one], q.answer)


class DeterminismTest(unittest.TestCase):
    def test_corpus_and_split_are_deterministic(self):
        self.assertEqual(corpus.corpus_hash(LINES), corpus.corpus_hash(corpus.training_lines(corpus.make_split())))

    def test_same_seed_same_weights_other_seed_other_weights(self):
        a, _, sa = train.train("S20k", 3, 32 * 64 * 5, log_every=0)
        b, _, sb = train.train("S20k", 3, 32 * 64 * 5, log_every=0)
        c, _, _ = train.train("S20k", 4, 32 * 64 * 5, log_every=0)
        for (name, pa), pb, pc in zip(a.state_dict().items(), b.state_dict().values(), c.state_dict().values()):
            self.assertTrue(torch.equal(pa, pb), name)
        self.assertFalse(torch.equal(a.output.weight, c.output.weight))
        self.assertEqual(sa["final_loss"], sb["final_loss"])

    def test_packed_rows_hold_whole_lines_starting_with_bos(self):
        rows = train.pack_rows(LINES[:500], 0, 50, 65)
        for row in rows:
            self.assertEqual(row[0], 256)
            used = row[row >= 0]
            text = bytes(int(t) for t in used if t != 256).decode()
            self.assertEqual(text.count("Question: "), int((used == 256).sum()))


class RotaryTest(unittest.TestCase):
    def test_rotary_rotates_adjacent_pairs_like_llama_cpp(self):
        head_dim, length = 8, 5
        x = torch.randn(1, 1, length, head_dim)
        cos, sin = rotary_tables(head_dim, length, 10000.0)
        got = apply_rotary(x, cos, sin)
        for pos in range(length):
            for i in range(head_dim // 2):
                theta = pos * 10000.0 ** (-2 * i / head_dim)
                a, b = float(x[0, 0, pos, 2 * i]), float(x[0, 0, pos, 2 * i + 1])
                self.assertAlmostEqual(float(got[0, 0, pos, 2 * i]), a * math.cos(theta) - b * math.sin(theta), places=5)
                self.assertAlmostEqual(float(got[0, 0, pos, 2 * i + 1]), a * math.sin(theta) + b * math.cos(theta), places=5)


class GgufTest(unittest.TestCase):
    def test_round_trip_keeps_every_weight_and_the_layout(self):
        torch.manual_seed(0)
        model = Llama(ModelConfig("rt", 16, 2, 2, 40))
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "rt.gguf")
            gguf.write_gguf(model, "rt", path)
            metadata, tensors = gguf_reader.read_gguf(path)
            back = gguf_reader.load_model(path)
        self.assertEqual(metadata["general.architecture"], "llama")
        self.assertEqual(metadata["llama.rope.dimension_count"], 8)
        self.assertEqual(len(metadata["tokenizer.ggml.tokens"]), 257)
        self.assertEqual(metadata["tokenizer.ggml.tokens"][ord("A")], "A")
        self.assertEqual(metadata["tokenizer.ggml.tokens"][ord(" ")], "\u0120")
        self.assertEqual(tensors["blk.1.ffn_gate.weight"].shape, (40, 16))
        np.testing.assert_array_equal(tensors["blk.1.ffn_down.weight"], model.blocks[1].w_down.weight.detach().numpy())
        tokens = torch.tensor([evaluate.prompt_tokens("capital of Zorvia?")])
        self.assertTrue(torch.equal(model(tokens), back(tokens)))


if __name__ == "__main__":
    unittest.main()
