"""Encryption of backup archives at rest: AES-256-GCM from ``cryptography``,
in streamed chunks, so an archive of any size passes through a megabyte of
memory.

Each archive has a data key of its own, wrapped (RFC 3394 key wrap) with the
key from ``BACKUP_KEY``. The file is a small header (format, the wrapped
key, the key's fingerprint) and then chunks, each sealed with a nonce made
from its index and, as associated data, the header's hash, the index and
whether it is the last chunk. So a flipped bit fails that chunk's tag, a
swapped or dropped chunk fails the index, and an archive cut short (a backup
killed half way) has no final chunk and is refused."""

import base64
import binascii
import hashlib
import hmac
import io
import json
import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.keywrap import (
    InvalidUnwrap,
    aes_key_unwrap,
    aes_key_wrap,
)

MAGIC = b"VENUE-BACKUP\x00\x01"
CHUNK_SIZE = 1024 * 1024
FORMAT = 1
_LENGTH = struct.Struct(">I")
_AAD = struct.Struct(">QB")


class BackupKeyError(Exception):
    """The key is missing, malformed, or not the archive's key."""


class ArchiveDamaged(Exception):
    """The archive does not decrypt as written: damaged or cut short."""


def new_key() -> str:
    """A fresh key for ``BACKUP_KEY``: 32 random bytes, base64."""
    return base64.b64encode(os.urandom(32)).decode()


def load_key(value: str) -> bytes:
    if not value:
        raise BackupKeyError(
            "BACKUP_KEY is not set. Archives hold personal data and are always "
            "encrypted: make a key with `manage.py backup --new-key`, keep a "
            "copy apart from the backups, and set BACKUP_KEY to it."
        )
    try:
        key = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as error:
        raise BackupKeyError("BACKUP_KEY is not valid base64.") from error
    if len(key) != 32:
        raise BackupKeyError("BACKUP_KEY must be 32 bytes (44 characters of base64).")
    return key


def key_id(key: bytes) -> str:
    return hmac.new(key, b"venue-backup-key-id", hashlib.sha256).hexdigest()[:16]


def _nonce(index: int) -> bytes:
    return struct.pack(">4xQ", index)


class EncryptingWriter(io.RawIOBase):
    """A binary file that encrypts what is written into ``fileobj``."""

    def __init__(self, fileobj, key: bytes, *, chunk_size: int = CHUNK_SIZE):
        super().__init__()
        data_key = AESGCM.generate_key(bit_length=256)
        header = json.dumps(
            {
                "format": FORMAT,
                "cipher": "AES-256-GCM",
                "chunk_size": chunk_size,
                "key_id": key_id(key),
                "wrapped_key": base64.b64encode(aes_key_wrap(key, data_key)).decode(),
            },
            sort_keys=True,
        ).encode()
        prologue = MAGIC + _LENGTH.pack(len(header)) + header
        fileobj.write(prologue)
        self._fileobj = fileobj
        self._aead = AESGCM(data_key)
        self._context = hashlib.sha256(prologue).digest()
        self._chunk_size = chunk_size
        self._buffer = bytearray()
        self._index = 0
        self.written = len(prologue)

    def writable(self):
        return True

    def write(self, data) -> int:
        self._buffer += data
        while len(self._buffer) >= self._chunk_size:
            self._seal(bytes(self._buffer[: self._chunk_size]), final=False)
            del self._buffer[: self._chunk_size]
        return len(data)

    def _seal(self, plain: bytes, *, final: bool):
        aad = self._context + _AAD.pack(self._index, final)
        sealed = self._aead.encrypt(_nonce(self._index), plain, aad)
        self._fileobj.write(_LENGTH.pack(len(sealed)) + sealed)
        self.written += _LENGTH.size + len(sealed)
        self._index += 1

    def finish(self):
        """Seal the last chunk (the mark of a complete archive) and close."""
        if not self.closed:
            self._seal(bytes(self._buffer), final=True)
            self._buffer.clear()
        self.close()

    def close(self):
        """Close without the final mark unless :meth:`finish` sealed it: a
        writer given up after an error (or collected by the garbage
        collector, which calls this) leaves an archive that reads as ending
        early, and never writes into a file already closed."""
        self._buffer.clear()
        super().close()


class DecryptingReader(io.RawIOBase):
    """A binary file that reads the plain text of an archive, chunk by
    chunk, refusing anything that fails its tag or ends early."""

    def __init__(self, fileobj, key: bytes):
        super().__init__()
        magic = fileobj.read(len(MAGIC))
        if magic != MAGIC:
            raise ArchiveDamaged("This is not a backup archive of this site.")
        (length,) = _LENGTH.unpack(_read_exactly(fileobj, _LENGTH.size))
        header_bytes = _read_exactly(fileobj, length)
        try:
            header = json.loads(header_bytes)
        except ValueError as error:
            raise ArchiveDamaged("The archive's header is damaged.") from error
        if header.get("format") != FORMAT:
            raise ArchiveDamaged(f"Unknown archive format {header.get('format')!r}.")
        if header.get("key_id") != key_id(key):
            raise BackupKeyError(
                "This archive was encrypted with another BACKUP_KEY "
                f"(key id {header.get('key_id')}, this one {key_id(key)})."
            )
        try:
            data_key = aes_key_unwrap(key, base64.b64decode(header["wrapped_key"]))
        except (InvalidUnwrap, KeyError, ValueError) as error:
            raise ArchiveDamaged("The archive's key does not unwrap.") from error
        self._fileobj = fileobj
        self._aead = AESGCM(data_key)
        self._context = hashlib.sha256(
            MAGIC + _LENGTH.pack(length) + header_bytes
        ).digest()
        self._index = 0
        self._pending = memoryview(b"")
        self._finished = False

    def readable(self):
        return True

    def readinto(self, buffer) -> int:
        while not self._pending and not self._finished:
            self._open_next()
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]  # a view: no copy
        return size

    def _open_next(self):
        prefix = self._fileobj.read(_LENGTH.size)
        if len(prefix) < _LENGTH.size:
            raise ArchiveDamaged(
                "The archive ends early (an interrupted backup?): it is incomplete."
            )
        (length,) = _LENGTH.unpack(prefix)
        if length > 64 * 1024 * 1024:
            raise ArchiveDamaged(f"Chunk {self._index} is damaged (impossible size).")
        sealed = self._fileobj.read(length)
        if len(sealed) < length:
            raise ArchiveDamaged(
                "The archive ends early (an interrupted backup?): it is incomplete."
            )
        for final in (False, True):
            aad = self._context + _AAD.pack(self._index, final)
            try:
                plain = self._aead.decrypt(_nonce(self._index), sealed, aad)
            except InvalidTag:
                continue
            break
        else:
            raise ArchiveDamaged(
                f"Chunk {self._index} of the archive fails its checksum: the "
                "archive is damaged and will not be used."
            )
        self._index += 1
        self._pending = memoryview(plain)
        if final:
            if self._fileobj.read(1):
                raise ArchiveDamaged("The archive has data after its last chunk.")
            self._finished = True


def _read_exactly(fileobj, size: int) -> bytes:
    data = fileobj.read(size)
    if len(data) != size:
        raise ArchiveDamaged("The archive ends early: it is incomplete.")
    return data
