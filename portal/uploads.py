"""Uploaded files (résumés, credential proofs): checked by content, stored privately, served only
by views that checked permission.

Use from any area:

- in a form, `UploadField(..., validators=[FileCheck(PDF_ONLY)])`: the field's error shows next
  to it and `field.checked` holds the `CheckedFile` (or None when no file was chosen);
- in a service, `name = store(checked)` before the commit, `delete(name)` if the commit fails,
  and `delete(old_name)` after it succeeds (see `services.profiles` for the pattern);
- in a view that already checked permission, `return send_stored(name, download_name)`.

Files live under `UPLOAD_FOLDER` (outside `static/`) with random names; the original name is
only ever used as the download name. A file is written under a temporary name in the same folder
and moved into place with `os.replace`, so a reader never sees half a file.
"""

from __future__ import annotations

import io
import logging
import os
import re
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

import filetype
from flask import Response, abort, current_app, send_file
from flask_babel import gettext as _
from flask_wtf.file import FileField
from werkzeug.datastructures import FileStorage
from wtforms.form import BaseForm
from wtforms.validators import StopValidation

from portal.errors import ValidationFailed
from portal.text import clean_line

log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # 5 MB, as the pages say

PDF = "pdf"
PNG = "png"
JPEG = "jpeg"
PDF_ONLY: tuple[str, ...] = (PDF,)
DOCUMENTS: tuple[str, ...] = (PDF, PNG, JPEG)

MIMETYPES = {PDF: "application/pdf", PNG: "image/png", JPEG: "image/jpeg"}
EXTENSIONS = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg"}
_KIND_OF_EXTENSION = {ext: kind for kind, ext in EXTENSIONS.items()}
_STORED_NAME = re.compile(r"^[0-9a-f]{32}\.(pdf|png|jpg)$")


class UploadRejected(ValueError):
    """The file cannot be accepted; `message` says why in plain words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CheckedFile:
    """A file that passed the checks, held in memory (at most 5 MB) until stored."""

    data: bytes
    kind: str
    original_name: str

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def mimetype(self) -> str:
        return MIMETYPES[self.kind]


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".")


def _kinds_text(kinds: tuple[str, ...]) -> str:
    if tuple(kinds) == PDF_ONLY:
        return _("a PDF")
    return _("a PDF, PNG or JPEG file")


def _detect(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return PDF
    guess = filetype.guess(data[:8192])
    if guess is None:
        return None
    return {"image/png": PNG, "image/jpeg": JPEG}.get(guess.mime)


def _check_pdf(data: bytes) -> None:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise UploadRejected(
                _(
                    "This PDF is protected by a password. Save a copy without a password "
                    "and choose that one."
                )
            )
        if len(reader.pages) < 1:
            raise ValueError("no pages")
        reader.pages[0].get_contents()
    except UploadRejected:
        raise
    except Exception as exc:  # pypdf raises many kinds of errors on damaged files
        log.info("Refused a damaged PDF: %s", exc)
        raise UploadRejected(
            _(
                "This PDF could not be opened: it may be damaged. Open it on your computer, "
                "save it again as a PDF and choose the new copy."
            )
        )


# Larger pictures are refused before decoding (a small file can unpack to gigabytes).
MAX_IMAGE_PIXELS = 40_000_000
_PILLOW_FORMATS = {PNG: "PNG", JPEG: "JPEG"}


def _too_many_pixels() -> UploadRejected:
    return UploadRejected(
        _(
            "This picture is too large to open. Save it smaller, for example as a scan at "
            "300 dpi, and choose the new copy."
        )
    )


def _clean_image(data: bytes, kind: str) -> bytes:
    """Decode the whole picture with Pillow and save it again.

    Magic bytes alone let through "a PNG header followed by a script"; decoding proves it is a
    picture, and saving a fresh copy drops whatever rode along after the image data (a second
    file glued on) and the camera's metadata, such as where the photo was taken.
    """
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data), formats=[_PILLOW_FORMATS[kind]]) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise _too_many_pixels()
            image.load()
            out = io.BytesIO()
            if kind == JPEG:
                image.convert("RGB").save(out, "JPEG", quality=92)
            else:
                image.save(out, "PNG")
    except Image.DecompressionBombError:
        raise _too_many_pixels()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        log.info("Refused a picture that does not decode: %s", exc)
        raise UploadRejected(
            _(
                "This picture could not be opened: it may be damaged or not really a PNG or "
                "JPEG. Open it on your computer, save it again and choose the new copy."
            )
        )
    return out.getvalue()


def check_file(storage: FileStorage, kinds: tuple[str, ...] = PDF_ONLY) -> CheckedFile:
    """Read an uploaded file and check it by content: size, type (magic bytes), a PDF parses,
    a picture decodes (and is kept as a fresh copy, see `_clean_image`).

    The name the browser sent is never trusted: a text file or an image named `.pdf` is refused.
    """
    stream = storage.stream
    data = stream.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        stream.seek(0, os.SEEK_END)
        size = max(stream.tell(), len(data))
        raise UploadRejected(
            _(
                "The file must be 5 MB or smaller; this one is %(size)s MB. Choose a smaller "
                "file, or save it with a lower quality.",
                size=_megabytes(size),
            )
        )
    if not data:
        raise UploadRejected(_("The file is empty. Choose %(kinds)s.", kinds=_kinds_text(kinds)))
    kind = _detect(data)
    if kind not in kinds:
        raise UploadRejected(
            _(
                "Choose %(kinds)s. This file is a different kind of file, even if its name "
                "ends in .pdf.",
                kinds=_kinds_text(kinds),
            )
            if kinds == PDF_ONLY
            else _(
                "Choose %(kinds)s. This file is a different kind of file.", kinds=_kinds_text(kinds)
            )
        )
    if kind == PDF:
        _check_pdf(data)
    else:
        data = _clean_image(data, kind)
    return CheckedFile(data=data, kind=kind, original_name=clean_line(storage.filename or ""))


class UploadField(FileField):
    """A file input whose `FileCheck` validator leaves the checked file on `checked`."""

    checked: CheckedFile | None = None


class FileCheck:
    """WTForms validator of an `UploadField`: runs `check_file` and leaves the result on
    `field.checked`.

    No file chosen is fine (`field.checked = None`) unless `required`.
    """

    def __init__(self, kinds: tuple[str, ...] = PDF_ONLY, required: bool = False) -> None:
        self.kinds = kinds
        self.required = required
        self.field_flags = {"required": True} if required else {}

    def __call__(self, form: BaseForm, field: UploadField) -> None:
        field.checked = None
        data = field.data
        if not isinstance(data, FileStorage) or not data.filename:
            if self.required:
                raise StopValidation(_("Choose %(kinds)s.", kinds=_kinds_text(self.kinds)))
            return
        try:
            field.checked = check_file(data, self.kinds)
        except UploadRejected as error:
            raise StopValidation(error.message)


# Storage ------------------------------------------------------------------------------------


def upload_folder() -> Path:
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def path_for(stored_name: str) -> Path:
    """The path of a stored file; refuses anything that is not one of our random names."""
    if not _STORED_NAME.match(stored_name or ""):
        raise ValueError(f"Not a stored upload name: {stored_name!r}")
    return upload_folder() / stored_name


def store(checked: CheckedFile) -> str:
    """Write the file under a new random name and return that name. A full or failing disk
    leaves nothing behind and is refused as `ValidationFailed` (shown at the top of the form)."""
    folder = upload_folder()
    name = secrets.token_hex(16) + EXTENSIONS[checked.kind]
    temp_path = None
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".upload-", delete=False) as handle:
            temp_path = handle.name
            handle.write(checked.data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_path, folder / name)
    except OSError as exc:
        if temp_path is not None:
            Path(temp_path).unlink(missing_ok=True)
        log.error("Could not store an upload in %s: %s", folder, exc)
        raise ValidationFailed(
            _(
                "We could not save your file just now (our storage is full or unavailable). "
                "Nothing was saved: please try again later."
            )
        )
    except BaseException:
        if temp_path is not None:
            Path(temp_path).unlink(missing_ok=True)
        raise
    return name


def delete(stored_name: str | None) -> None:
    """Remove a stored file; a missing file or no name is fine (deleting twice is harmless)."""
    if not stored_name:
        return
    try:
        path_for(stored_name).unlink(missing_ok=True)
    except (ValueError, OSError) as exc:
        log.warning("Could not delete upload %r: %s", stored_name, exc)


def exists(stored_name: str | None) -> bool:
    if not stored_name:
        return False
    try:
        return path_for(stored_name).is_file()
    except ValueError:
        return False


def _download_name(original: str | None, stored_name: str) -> str:
    """The name the person uploaded (without any folder), ending in the real type's extension."""
    extension = Path(stored_name).suffix
    name = (original or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '"<>:|?*').strip(" .")
    stem = Path(name).stem if name else ""
    return (stem[:150] or "document") + extension


def send_stored(stored_name: str, download_name: str | None = None) -> Response:
    """Send a stored file as a download. Call only after checking the viewer may see it."""
    path = path_for(stored_name)
    if not path.is_file():
        abort(404)
    kind = _KIND_OF_EXTENSION[path.suffix]
    response = send_file(
        path,
        mimetype=MIMETYPES[kind],
        as_attachment=True,
        download_name=_download_name(download_name, stored_name),
        conditional=False,
        etag=False,
        max_age=0,
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
