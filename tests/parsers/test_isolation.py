"""Reading runs in a supervised child process: a file that crashes the reader, loops, or swallows
memory is stopped at the limit and reported in Vietnamese, and the next file is read as usual."""

from __future__ import annotations

import os
import threading
import time

import pytest

from parsers.errors import LimitExceeded, ReaderCrashed
from parsers.isolation import ChildLimits, InProcessReader, SupervisedReader
from parsers.reading import to_dict
from parsers.registry import ParserRegistry

from .misbehaving import MISBEHAVING

LIMITS = ChildLimits(timeout_s=4, memory_bytes=400 * 2**20)


@pytest.fixture
def misbehaving(registry: ParserRegistry) -> ParserRegistry:
    for parser in MISBEHAVING:
        registry.register(parser)
    return registry


@pytest.fixture
def reader(ctx, misbehaving):
    with SupervisedReader(ctx, misbehaving, LIMITS) as supervised:
        yield supervised


def _read_well_after(reader: SupervisedReader, sample_docx: bytes) -> None:
    after = reader.read(sample_docx, "sau.docx")
    assert after.error is None and after.parsed.format == "docx"


def test_a_reader_that_crashes_the_interpreter_quarantines_the_file_not_the_worker(reader, sample_docx):
    reading = reader.read(b"CRASH and burn", "hong.bin")
    assert isinstance(reading.error, ReaderCrashed)
    assert str(reading.error) == ("hong.bin: chương trình đọc dừng đột ngột khi đọc tệp (tín hiệu SIGSEGV); "
                                  "tệp có thể bị hỏng hoặc cố ý gây lỗi")
    assert reading.size == 14 and reading.sha256
    _read_well_after(reader, sample_docx)


def test_a_reader_that_exits_is_reported_with_its_exit_code(reader, sample_docx):
    assert "mã thoát 3" in str(reader.read(b"EXIT", "thoat.bin").error)
    _read_well_after(reader, sample_docx)


def test_a_reader_that_loops_is_stopped_at_the_time_limit(reader, sample_docx):
    started = time.monotonic()
    reading, usage = reader.read_measured(b"LOOP forever", "treo.bin")
    assert isinstance(reading.error, LimitExceeded)
    assert "đọc quá 4 giây, vượt giới hạn thời gian đọc một tệp" in str(reading.error)
    assert 4 <= time.monotonic() - started < 8 and usage.seconds >= 4
    _read_well_after(reader, sample_docx)


def test_a_reader_that_swallows_memory_is_stopped_at_the_memory_limit(reader, sample_docx):
    reading, usage = reader.read_measured(b"SWALLOW it all", "bom.bin")
    assert isinstance(reading.error, LimitExceeded)
    assert "cần hơn 400 MB bộ nhớ để đọc, vượt giới hạn bộ nhớ" in str(reading.error)
    assert 400 * 2**20 < usage.peak_bytes < 700 * 2**20
    _read_well_after(reader, sample_docx)


def test_the_tools_a_stopped_reader_started_are_killed_with_it(reader, tmp_path):
    pid_file = tmp_path / "tool.pid"
    reading = reader.read(b"TOOL" + str(pid_file).encode(), "cong-cu.bin")
    assert isinstance(reading.error, LimitExceeded)
    tool = int(pid_file.read_text())
    for _ in range(50):
        if not os.path.exists(f"/proc/{tool}") or " Z " in open(f"/proc/{tool}/stat").read():
            break
        time.sleep(0.1)
    else:
        pytest.fail(f"the hanging tool {tool} outlived its reader")


def test_a_slow_file_on_one_thread_does_not_hold_up_a_read_on_another(reader, sample_docx):
    slow = threading.Thread(target=reader.read, args=(b"LOOP", "cham.bin"))
    slow.start()
    time.sleep(0.3)
    started = time.monotonic()
    _read_well_after(reader, sample_docx)
    assert time.monotonic() - started < 3  # the looping file still holds its own child
    slow.join()


def test_the_child_reads_as_the_worker_would(ctx, registry, sample_docx, sample_odt):
    with SupervisedReader(ctx, registry) as supervised:
        for data, name in ((sample_docx, "qd.docx"), (sample_odt, "qd.odt"), (b"\x00\x01 rac", "rac.bin")):
            assert to_dict(supervised.read(data, name)) == to_dict(InProcessReader(ctx, registry).read(data, name))


def test_one_child_serves_many_reads(ctx, registry, sample_docx):
    with SupervisedReader(ctx, registry) as supervised:
        supervised.read(sample_docx, "a.docx")
        first = supervised._idle[0].proc.pid
        supervised.read(sample_docx, "b.docx")
        assert supervised._idle[0].proc.pid == first


def test_a_failure_in_the_child_outside_any_reader_is_the_programs_error_not_the_files(reader, sample_docx):
    from parsers.errors import InternalError

    reading = reader.read(b"UNSENDABLE", "loi.bin")
    assert isinstance(reading.error, InternalError)
    assert "lỗi của chương trình khi đọc tệp (không phải lỗi của tệp)" in str(reading.error)
    _read_well_after(reader, sample_docx)


def test_a_parser_whose_sniffing_breaks_on_a_file_is_passed_over(misbehaving, sample_docx):
    assert misbehaving.choose(sample_docx, "qd.docx").format == "docx"  # SniffBreaks raised, and was not chosen
