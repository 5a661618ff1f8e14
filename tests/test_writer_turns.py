"""SQLite writers on the busy visit path take turns through a lock file (app/database.py)."""

import subprocess
import sys
import threading

from sqlalchemy import create_engine

from app.database import writer_turn

HOLDER = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
print("held", flush=True)
sys.stdin.readline()
fcntl.flock(fd, fcntl.LOCK_UN)
"""


def test_a_writer_waits_for_another_process_and_goes_as_soon_as_it_is_done(tmp_path):
    database = tmp_path / "field.sqlite"
    engine = create_engine(f"sqlite:///{database}")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, f"{database}-writers"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        order = []

        def write():
            with writer_turn(engine):
                order.append("ours")

        ours = threading.Thread(target=write)
        ours.start()
        ours.join(timeout=0.5)
        assert ours.is_alive() and order == []  # still waiting for the other process
        order.append("theirs done")
        holder.stdin.write("done\n")
        holder.stdin.flush()
        ours.join(timeout=10)
        assert order == ["theirs done", "ours"]
    finally:
        holder.kill()
        holder.wait()


def test_threads_of_one_process_take_turns_too(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'field.sqlite'}")
    inside, most = [], []

    def write():
        for _ in range(50):
            with writer_turn(engine):
                inside.append(1)
                most.append(len(inside))
                inside.pop()

    threads = [threading.Thread(target=write) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(most) == 200 and max(most) == 1


def test_other_databases_need_no_turns():
    engine = create_engine("sqlite://")
    with writer_turn(engine):
        pass  # an in-memory database: nothing to share, nothing taken


def test_a_thread_that_has_its_turn_may_ask_again(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'field.sqlite'}")
    with writer_turn(engine), writer_turn(engine):
        pass  # nested: no waiting for itself
    done = []

    def write():
        with writer_turn(engine):
            done.append(1)

    other = threading.Thread(target=write)
    other.start()
    other.join(timeout=10)
    assert done == [1]  # and the turn was given back after the outer one
