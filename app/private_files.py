"""Files that hold families' data are readable by the app's own account only.

The SQLite database (with its -wal and -shm files), backups, import previews and the secret key
get mode 0600, the folders the app keeps them in 0700. The modes are set explicitly, never left
to the umask: gunicorn does not change it, and a service started by systemd runs with 022, which
makes every new file readable by every account on the machine.
"""

import contextlib
import logging
import os
import secrets
import stat
from pathlib import Path

log = logging.getLogger(__name__)

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def narrow(path: Path | str, mode: int) -> None:
    """Take away any permission beyond `mode` from an existing file or folder of ours."""
    try:
        current = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        return
    if current & ~mode:
        try:
            os.chmod(path, current & mode)
        except PermissionError:  # not ours to change: say so rather than refuse to start
            log.warning("%s is readable by others (mode %o) and cannot be narrowed", path, current)


def private_folder(path: Path | str) -> Path:
    """The folder, created if needed, open to its owner only."""
    path = Path(path)
    path.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    narrow(path, FOLDER_MODE)
    return path


def create_private(path: Path | str) -> int:
    """A new file opened for writing, owner-only from its first byte (FileExistsError if there)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    os.fchmod(fd, FILE_MODE)  # the umask may only take bits away; make it exactly 0600
    return fd


def write_private(path: Path, data: bytes) -> None:
    """Replace `path` with `data` at once (written next to it, then renamed), owner-only."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = create_private(temporary)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def protect_sqlite(database: str | None) -> None:
    """Create a SQLite database file owner-only, or make an existing one (and its -wal, -shm) so.

    SQLite creates the -wal and -shm files with the mode of the database file, so a database
    file of mode 0600 keeps its companions private too.
    """
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    if not path.parent.is_dir():
        return  # SQLite itself will say the folder is missing
    with contextlib.suppress(FileExistsError):
        os.close(create_private(path))  # an empty file is a valid, empty SQLite database
    for companion in (path, Path(f"{database}-wal"), Path(f"{database}-shm")):
        narrow(companion, FILE_MODE)
