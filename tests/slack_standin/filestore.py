"""Files uploaded the files_upload_v2 way, the file objects Slack shows for them, upload parsing."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any

from .model import Channel

# extension -> (filetype, pretty_type, mimetype), as Slack reports them
_KINDS: dict[str, tuple[str, str, str]] = {
    "csv": ("csv", "CSV", "text/csv"),
    "txt": ("text", "Plain Text", "text/plain"),
    "md": ("markdown", "Markdown (raw)", "text/plain"),
    "json": ("json", "JSON", "application/json"),
    "html": ("html", "HTML", "text/html"),
    "pdf": ("pdf", "PDF", "application/pdf"),
    "zip": ("zip", "Zip", "application/zip"),
    "png": ("png", "PNG", "image/png"),
    "jpg": ("jpg", "JPEG", "image/jpeg"),
    "jpeg": ("jpg", "JPEG", "image/jpeg"),
    "gif": ("gif", "GIF", "image/gif"),
    "webp": ("webp", "WebP", "image/webp"),
}
_BINARY = ("binary", "Binary", "application/octet-stream")
_MAGIC = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg", b"GIF8": "gif"}


@dataclass
class StoredFile:
    """One upload: created by files.getUploadURLExternal, bytes POSTed to its upload URL,
    finished (and maybe shared) by files.completeUploadExternal."""

    id: str
    name: str
    length: int  # what the uploader declared
    user: str
    ticket: str = field(repr=False)
    url_private: str
    permalink: str
    title: str = ""
    alt_txt: str | None = None
    snippet_type: str | None = None
    content: bytes | None = None  # None until bytes arrive at the upload URL
    completed: bool = False
    created: int = field(default_factory=lambda: int(time.time()))
    shares: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # channel -> shares

    @property
    def urls(self) -> tuple[str, ...]:
        """Every URL a slack_file {"url"} may name this file by."""
        return (self.url_private, self.url_private_download, self.permalink)

    @property
    def channels(self) -> list[str]:
        """Conversations the file was shared in, in order."""
        return list(self.shares)

    @property
    def size(self) -> int:
        return len(self.content or b"")

    @property
    def text(self) -> str:
        """The content as UTF-8 text."""
        return (self.content or b"").decode("utf-8")

    @property
    def url_private_download(self) -> str:
        head, _, name = self.url_private.rpartition("/")
        return f"{head}/download/{name}"

    def kind(self) -> tuple[str, str, str]:
        """(filetype, pretty_type, mimetype) from the name, or sniffed from image bytes."""
        ext = self.name.rpartition(".")[2].lower() if "." in self.name else ""
        if ext in _KINDS:
            return _KINDS[ext]
        head = (self.content or b"")[:12]
        sniffed = next((k for magic, k in _MAGIC.items() if head.startswith(magic)), None)
        if sniffed is None and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
            sniffed = "webp"
        return _KINDS[sniffed] if sniffed else _BINARY

    @property
    def is_image(self) -> bool:
        return self.kind()[2].startswith("image/")


def file_object(f: StoredFile, team_id: str, channels: dict[str, Channel]) -> dict[str, Any]:
    """The file object files.info (and a file-share message's `files`) shows."""
    filetype, pretty, mimetype = f.kind()
    public: dict[str, Any] = {}
    private: dict[str, Any] = {}
    lists: dict[str, list[str]] = {"channels": [], "groups": [], "ims": []}
    for cid, entries in f.shares.items():
        ch = channels.get(cid)
        is_public = ch is not None and not ch.private and not ch.is_im
        (public if is_public else private)[cid] = [dict(e) for e in entries]
        key = "channels" if is_public else ("ims" if ch is not None and ch.is_im else "groups")
        lists[key].append(cid)
    obj: dict[str, Any] = {
        "id": f.id,
        "created": f.created,
        "timestamp": f.created,
        "name": f.name,
        "title": f.title or f.name,
        "mimetype": mimetype,
        "filetype": filetype,
        "pretty_type": pretty,
        "user": f.user,
        "user_team": team_id,
        "editable": False,
        "size": f.size,
        "mode": "hosted",
        "is_external": False,
        "external_type": "",
        "is_public": bool(public),
        "public_url_shared": False,
        "display_as_bot": False,
        "username": "",
        "url_private": f.url_private,
        "url_private_download": f.url_private_download,
        "permalink": f.permalink,
        "permalink_public": f"https://slack-files.com/{team_id}-{f.id}-standin",
        "comments_count": 0,
        "is_starred": False,
        "has_rich_preview": False,
        **lists,
        "shares": {k: v for k, v in (("public", public), ("private", private)) if v},
    }
    if f.alt_txt:
        obj["alt_txt"] = f.alt_txt
    return obj


def parse_upload(raw: bytes, content_type: str) -> bytes:
    """The file bytes of a POST to an upload URL: the raw body, or the file part of a form."""
    match = re.search(r'boundary="?([^";]+)"?', content_type)
    if not content_type.lower().startswith("multipart/form-data") or match is None:
        return raw
    delimiter = b"--" + match.group(1).encode()
    first: bytes | None = None
    for chunk in raw.split(delimiter)[1:]:
        if chunk.startswith(b"--"):
            break
        head, sep, body = chunk.partition(b"\r\n\r\n")
        if not sep:
            continue
        body = body.removesuffix(b"\r\n")
        if b"filename=" in head.lower():
            return body
        first = body if first is None else first
    return first if first is not None else b""


def slack_file_problem(files: dict[str, StoredFile], ref: dict[str, Any]) -> str | None:
    """Why an image's slack_file {"id"} or {"url"} can't be shown, or None if it can."""
    if "id" in ref:
        f = files.get(str(ref["id"]))
        if f is None:
            return f"no file {ref['id']!r} in the stand-in"
    else:
        url = ref.get("url")
        found = [f for f in files.values() if url in (f.url_private, f.url_private_download)]
        found += [f for f in files.values() if url == f.permalink]
        if not found:
            return f"no file at {url!r} in the stand-in"
        f = found[0]
    if not f.completed:
        return f"file {f.id} was never completed (files.completeUploadExternal)"
    if not f.is_image:
        return f"file {f.id} ({f.name}, {f.kind()[2]}) is not an image"
    return None
