# ruff: noqa: E501  (templates and report lines read better unwrapped)
"""Extraction speed on a generated corpus of at least 50 MB.

The corpus mixes four kinds of documents built here from our own templates: news-like plain
text (figures, places, dates among ordinary sentences), rendered wiki text with citation marks
and a reference list, HTML pages with navigation and scripts around the article, and Russian
news-like text (inflected place names, "тыс."/"млн" numbers, Russian dates). It prints MB/s and
claims/s in this process (one core), then on a local Dask cluster with 1 and with 2 workers, the
2-worker speed-up, peak memory, and how much longer a Russian article takes than an English one
of the same length.

Targets: >= 2 MB/s per core; 2 workers >= 1.6 x the speed of 1; a Russian article <= 2 x an
English one.

    python benchmarks/extract_speed.py [--mb 50] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

COUNTRIES = ["Georgia", "Armenia", "Kazakhstan", "Serbia", "Turkey", "Finland", "Israel", "Poland",
             "Germany", "Mongolia", "the United Arab Emirates", "Kyrgyzstan", "Uzbekistan", "Chile",
             "Peru", "Jordan", "Chad", "Romania", "Moldova", "Lithuania"]  # fmt: skip
PEOPLE = ["Russians", "Ukrainians", "Belarusians", "Venezuelans", "Syrians", "Sudanese refugees",
          "IT specialists", "students", "families", "Moldovans", "people"]  # fmt: skip
VERBS = ["crossed into", "arrived in", "moved to", "fled to", "settled in", "applied for asylum in",
         "registered in", "entered"]  # fmt: skip
QUALS = ["", "about ", "more than ", "nearly ", "some ", "at least ", "up to ", "an estimated "]
TIMES = ["in March 2022", "since February", "by mid-April", "last week", "on Monday", "in 2023",
         "between 1 May and 20 June 2022", "in the first week after the decree", "this year"]  # fmt: skip
CLAIM_SHARE = 0.05
"""Share of sentences that carry a figure about people on the move (about one in twenty)."""

FILLER = [
    "the",
    "council",
    "met",
    "again",
    "to",
    "discuss",
    "the",
    "budget",
    "for",
    "schools",
    "and",
    "roads",
    "while",
    "residents",
    "waited",
    "for",
    "news",
    "about",
    "the",
    "harvest",
    "and",
    "the",
    "weather",
    "which",
    "had",
    "been",
    "unusually",
    "dry",
    "for",
    "the",
    "season",
    "officials",
    "said",
    "the",
    "plan",
    "would",
    "be",
    "reviewed",
    "next",
    "month",
    "after",
    "consultations",
    "with",
    "local",
    "groups",
    "and",
    "the",
    "museum",
    "reopened",
    "its",
    "doors",
    "to",
    "visitors",
    "with",
    "a",
    "new",
    "exhibition",
    "of",
    "early",
    "photographs",
    "prices",
    "for",
    "bread",
    "rose",
    "by",
    "4",
    "percent",
    "and",
    "the",
    "central",
    "bank",
    "kept",
    "its",
    "rate",
    "at",
    "7.5",
    "percent",
    "a",
    "spokesman",
    "declined",
    "to",
    "comment",
    "on",
    "the",
    "talks",
    "which",
    "are",
    "expected",
    "to",
    "continue",
    "in",
    "the",
    "autumn",
]


COUNTRIES_RU = ["в Грузию", "в Армению", "в Казахстан", "в Сербию", "в Турцию", "в Финляндию",
                "в Израиль", "в Монголию", "в Киргизию", "в Узбекистан"]  # fmt: skip
PEOPLE_RU = ["россиян", "человек", "граждан России", "айтишников", "студентов", "семей"]
VERBS_RU = ["уехали", "въехали", "переехали", "прибыли", "получили ВНЖ, переехав"]
QUALS_RU = ["", "около ", "более ", "почти ", "свыше ", "не менее "]
TIMES_RU = ["В марте 2022 года", "С 21 по 29 сентября", "За последние две недели", "В 2023 году",
            "После объявления мобилизации", "В первом полугодии 2022 г."]  # fmt: skip
_FILLER_RU_TEXT = ("городской совет снова обсудил бюджет на ремонт школ и дорог пока жители ждали новостей "
             "об урожае и погоде которая в этом сезоне была необычно сухой чиновники сказали что план "
             "пересмотрят в следующем месяце после консультаций музей открыл двери для посетителей с "
             "новой выставкой ранних фотографий цены на хлеб выросли на 4 процента")  # fmt: skip
FILLER_RU = _FILLER_RU_TEXT.split()


def _sentence_ru(rng: random.Random) -> str:
    words = [rng.choice(FILLER_RU) for _ in range(rng.randint(8, 22))]
    return " ".join(words).capitalize() + "."


def _claim_ru(rng: random.Random) -> str:
    number = rng.choice([f"{rng.randint(2, 950)} {rng.randint(100, 999)}", f"{rng.randint(2, 99)} тыс.",
                         f"{rng.randint(1, 9)},{rng.randint(1, 9)} млн", "полмиллиона"])  # fmt: skip
    return (f"{rng.choice(TIMES_RU)} {rng.choice(COUNTRIES_RU)} {rng.choice(VERBS_RU)} "
            f"{rng.choice(QUALS_RU)}{number} {rng.choice(PEOPLE_RU)}, сообщили власти.")  # fmt: skip


def news_ru(rng: random.Random, size: int) -> str:
    out = [f"Сообщение {rng.randint(1, 10**6)}"]
    total = 0
    while total < size:
        n = rng.randint(3, 7)
        parts = [
            _claim_ru(rng) if rng.random() < CLAIM_SHARE else _sentence_ru(rng) for _ in range(n)
        ]
        out.append(" ".join(parts))
        total += len(out[-1])
    return "\n\n".join(out)


def _sentence(rng: random.Random) -> str:
    n = rng.randint(8, 22)
    words = [rng.choice(FILLER) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _claim(rng: random.Random) -> str:
    number = rng.choice([f"{rng.randint(2, 950):,}", f"{rng.randint(1, 99)},{rng.randint(100, 999)}",
                         f"{rng.randint(2, 9)}.{rng.randint(1, 9)} million", "two hundred"])  # fmt: skip
    return (f"{rng.choice(TIMES).capitalize()}, {rng.choice(QUALS)}{number} {rng.choice(PEOPLE)} "
            f"{rng.choice(VERBS)} {rng.choice(COUNTRIES)}, officials said.")  # fmt: skip


def _paragraph(rng: random.Random, cite: bool = False) -> str:
    parts = []
    for _ in range(rng.randint(3, 7)):
        s = _claim(rng) if rng.random() < CLAIM_SHARE else _sentence(rng)
        if cite and rng.random() < 0.5:
            s += f"[{rng.randint(1, 40)}]"
        parts.append(s)
    return " ".join(parts)


def news(rng: random.Random, size: int) -> str:
    out = [f"Report {rng.randint(1, 10**6)}"]
    while sum(len(p) for p in out) < size:
        out.append(_paragraph(rng))
    return "\n\n".join(out)


def wiki(rng: random.Random, size: int) -> str:
    out = ["Example Wiki", ""]
    total = 0
    while total < size:
        out.append(f"Section {rng.randint(1, 999)}[]")
        for _ in range(rng.randint(2, 5)):
            p = _paragraph(rng, cite=True)
            out.append(p)
            total += len(p)
    out.append("References[]")
    for i in range(1, 41):
        out.append(f'  {i}. Writer, Ann ({rng.randint(1, 28)} March 2022). "Headline number {i}". '
                   f"Example News. https://news.example.org/2022/03/headline-number-{i}.")  # fmt: skip
    return "\n\n".join(out)


def html(rng: random.Random, size: int) -> str:
    body = "".join(f"<p>{_paragraph(rng)}</p>\n" for _ in range(max(1, size // 600)))
    return (
        "<!DOCTYPE html><html><head><title>Border report</title>"
        "<meta property='article:published_time' content='2022-10-05'>"
        "<script>var x = 1;</script></head><body><nav><a href='/'>Home</a> | <a href='/w'>World</a>"
        f"</nav><article><h1>Border report</h1>{body}</article><footer>© Example</footer></body></html>"
    )


def build(folder: Path, megabytes: int, seed: int = 7) -> tuple[list[Path], int]:
    rng = random.Random(seed)
    paths: list[Path] = []
    total = 0
    i = 0
    while total < megabytes * 1_000_000:
        kind = ("news", "wiki", "html", "news_ru")[i % 4]
        size = rng.randint(60_000, 400_000)
        text = {"news": news, "wiki": wiki, "html": html, "news_ru": news_ru}[kind](rng, size)
        path = folder / f"{i:05d}.{'html' if kind == 'html' else 'txt'}"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
        total += len(text.encode("utf-8"))
        i += 1
    return paths, total


class PeakMemory:
    """Samples the resident memory of this process and its children (Dask workers)."""

    def __init__(self) -> None:
        import psutil

        self.proc = psutil.Process()
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                procs = [self.proc, *self.proc.children(recursive=True)]
                self.peak = max(self.peak, sum(p.memory_info().rss for p in procs))
            except Exception:
                pass
            time.sleep(0.2)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def timed(tasks: list, **kw: object) -> tuple[float, float, int, int]:
    """Wall seconds, CPU seconds of this process, claims, errors."""
    from emigre.extract.runner import run

    t0, c0 = time.perf_counter(), time.process_time()
    claims = errors = 0
    for r in run(tasks, **kw):  # type: ignore[arg-type]
        claims += len(r.claims)
        errors += r.error is not None
    return time.perf_counter() - t0, time.process_time() - c0, claims, errors


def russian_over_english(chars: int = 300_000, repeats: int = 3) -> float:
    """CPU time of a Russian news article over an English one of the same length."""
    from emigre.extract.claims import extract_document
    from emigre.extract.readers import read_document

    rng = random.Random(11)
    docs = {"en": read_document(news(rng, chars), "en.txt"),
            "ru": read_document(news_ru(rng, chars), "ru.txt")}  # fmt: skip
    for d in docs.values():
        extract_document(d)  # load what each language needs once
    cost = {}
    for code, d in docs.items():
        c0 = time.process_time()
        for _ in range(repeats):
            extract_document(d)
        cost[code] = (time.process_time() - c0) / len(d.text)
    return cost["ru"] / cost["en"]


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--mb", type=int, default=50, help="corpus size in MB (default 50)")
    ap.add_argument("--keep", type=Path, help="build the corpus in this folder and keep it")
    a = ap.parse_args()
    folder = a.keep or Path(tempfile.mkdtemp(prefix="emigre-speed-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        from dask.distributed import Client, LocalCluster

        from emigre.extract.runner import tasks_for_files

        t0 = time.perf_counter()
        paths, total = build(folder, a.mb)
        mb = total / 1e6
        print(
            f"corpus: {len(paths)} documents, {mb:.1f} MB (news, wiki, HTML, Russian news), built in {time.perf_counter() - t0:.1f} s"
        )
        tasks = tasks_for_files(paths)
        secs, cpu, claims, errors = timed(tasks)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        one_core = mb / cpu
        print(f"in-process, 1 core: {secs:.1f} s wall, {cpu:.1f} s CPU  {one_core:.2f} MB/s per CPU "
              f"second ({mb / secs:.2f} MB/s wall)  {claims / cpu:,.0f} claims/s  {claims:,} claims  "
              f"{errors} errors  peak memory {rss:.0f} MB")  # fmt: skip
        try:
            load = __import__("os").getloadavg()[0]
            if load > 1.5:
                print(
                    f"note: load average {load:.1f} on {__import__('os').cpu_count()} cores: "
                    "other work shares the machine, wall-clock figures are pessimistic"
                )
        except OSError:
            pass
        speeds = {}
        for n in (1, 2):
            cluster = LocalCluster(
                n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None
            )
            client = Client(cluster)
            try:
                with PeakMemory() as mem:
                    secs, _cpu, claims, errors = timed(
                        tasks, workers=n, scheduler=cluster.scheduler_address
                    )
            finally:
                client.close()
                cluster.close()
            speeds[n] = mb / secs
            print(f"dask, {n} worker(s): {secs:.1f} s  {speeds[n]:.2f} MB/s  {claims / secs:,.0f} claims/s  "
                  f"peak memory {mem.peak / 2**20:.0f} MB (all processes)")  # fmt: skip
        ratio = speeds[2] / speeds[1]
        ru = russian_over_english()
        ok1 = one_core >= 2.0
        ok2 = ratio >= 1.6
        ok3 = ru <= 2.0
        print(f"per core: {one_core:.2f} MB/s (target >= 2.0) {'ok' if ok1 else 'BELOW TARGET'}")
        print(
            f"2 workers / 1 worker: {ratio:.2f}x (target >= 1.6) {'ok' if ok2 else 'BELOW TARGET'}"
        )
        print(f"Russian article / English article of the same length: {ru:.2f}x CPU (target <= 2.0) "
              f"{'ok' if ok3 else 'BELOW TARGET'}")  # fmt: skip
        return 0 if ok1 and ok2 and ok3 else 1
    finally:
        if a.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
