"""Open OOXML packages defensively: zip bombs, corrupt archives, hostile XML.

Sizes in the central directory are checked before anything is inflated, and
every read is capped again while inflating, because a crafted archive can
understate its sizes. XML parts are parsed without DTDs, entities or network.
"""
from __future__ import annotations

import io
import zipfile
import zlib

from ...errors import InputError

MAX_MEMBERS = 5000
MAX_PART_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200  # a compressed XML part rarely exceeds 1:20


class SafeZip:
    """A zip archive opened for reading untrusted packages: member count, total size and compression
    ratio are checked on opening, every read is capped again.
    """
    def __init__(self, data: bytes, path: str | None):
        """Open ``data`` as a zip; a corrupt archive or one that would inflate past the limits is an
        InputError naming ``path``.
        """
        self.path = path
        try:
            self.zf = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zf.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
            raise InputError(path, "corrupt", f"the file is not a readable zip archive ({exc})") from None
        if len(infos) > MAX_MEMBERS:
            raise InputError(path, "too_large", f"the archive has {len(infos):,} members; the limit is {MAX_MEMBERS:,}")
        total = sum(i.file_size for i in infos)
        if total > MAX_TOTAL_BYTES:
            raise InputError(path, "too_large", f"the archive unpacks to {total:,} bytes; the limit is {MAX_TOTAL_BYTES:,}")
        for info in infos:
            if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise InputError(path, "too_large",
                                 f"{info.filename} inflates {info.file_size // max(info.compress_size, 1):,}-fold "
                                 "(a zip bomb?)")
        self.names = {i.filename for i in infos}

    def read(self, name: str) -> bytes | None:
        """The member's bytes, or None if absent; never more than MAX_PART_BYTES."""
        if name not in self.names:
            return None
        try:
            with self.zf.open(name) as fh:
                data = fh.read(MAX_PART_BYTES + 1)
        except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError,
                RuntimeError) as exc:
            # RuntimeError: an encrypted member; NotImplementedError: an unknown compression method.
            raise InputError(self.path, "corrupt", f"cannot read {name} from the archive ({exc})") from None
        if len(data) > MAX_PART_BYTES:
            raise InputError(self.path, "too_large", f"{name} is larger than {MAX_PART_BYTES:,} bytes")
        return data

    def xml(self, name: str):
        """Parse an XML member safely; None if absent."""
        data = self.read(name)
        return None if data is None else parse_xml(data, self.path, name)


def parse_xml(data: bytes, path: str | None, name: str):
    """Parse an XML part without DTDs, entities or network access; a part that declares a DTD or
    entities is refused as corrupt, as OOXML never needs them.
    """
    from lxml import etree  # lazy

    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise InputError(path, "corrupt", f"{name} declares a DTD or entities, which OOXML never needs")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, remove_comments=True)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(path, "corrupt", f"{name} is not well-formed XML ({exc})") from None
