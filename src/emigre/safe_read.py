"""Reading a user's file only when it is what it says: a regular file, read to a byte limit.

A name that is a dangling symlink or a symlink loop is not "no file"; a FIFO, a device or a
folder is not a file to read (a FIFO or /dev/zero would hang a reader or fill memory); and the
size a file reports is not trusted: reads stop at the limit by bytes actually read.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from emigre.errors import InputError

MB = 2**20


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def present(path: Path) -> bool:
    """Whether anything at all is at `path`, a dangling symlink included (then it must be read
    and refused, not taken for a missing optional file)."""
    try:
        os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=str(path)) from exc
    return True


def check_regular(path: Path, *, follow_symlinks: bool = True) -> None:
    """Refuse, naming the path, anything but a regular file (or, when `follow_symlinks`, a
    symlink that resolves to one)."""
    try:
        link = os.lstat(path)
    except FileNotFoundError:
        raise InputError("no such file", file=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=str(path)) from exc
    if stat.S_ISLNK(link.st_mode):
        if not follow_symlinks:
            raise InputError("cannot read: it is a symlink (give the file itself)", file=str(path))
        try:
            target = os.stat(path)
        except FileNotFoundError:
            raise InputError(
                f"cannot read: it is a dangling symlink (to {os.readlink(path)!r})", file=str(path)
            ) from None
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise InputError("cannot read: it is a symlink loop", file=str(path)) from None
            raise InputError(f"cannot read: {exc.strerror}", file=str(path)) from exc
        if not stat.S_ISREG(target.st_mode):
            raise InputError(
                f"cannot read: it is a symlink to {_kind(target.st_mode)}", file=str(path)
            )
        return
    if not stat.S_ISREG(link.st_mode):
        raise InputError(f"cannot read: it is {_kind(link.st_mode)}, not a file", file=str(path))


def size_words(n: int) -> str:
    """A byte count as people read it: '200 MB (209,715,200 bytes)'."""
    return f"{n / MB:.0f} MB ({n:,} bytes)" if n >= MB else f"{n:,} bytes"


def read_bounded(path: Path, limit: int, *, follow_symlinks: bool = True) -> bytes:
    """The bytes of a regular file, refused once more than `limit` bytes have been read.

    The file is opened without blocking (a FIFO swapped in after the check does not hang the
    open) and checked again on the open descriptor."""
    check_regular(path, follow_symlinks=follow_symlinks)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=str(path)) from exc
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(
                f"cannot read: it is {_kind(info.st_mode)}, not a file", file=str(path)
            )
        if info.st_size > limit:  # refused at once; the read below still stops at the limit
            raise InputError(
                f"too large: {size_words(info.st_size)}; the limit is {size_words(limit)}",
                file=str(path),
            )
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise InputError(
            f"too large: more than the limit of {size_words(limit)} was read", file=str(path)
        )
    return data
