"""Uploads are checked by content, not by name: size, type, a PDF that parses. Stored under random
names outside static/, replaced and removed cleanly, served only as attachments."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
import sqlalchemy as sa
from pypdf import PdfWriter
from werkzeug.datastructures import FileStorage

from portal import uploads
from portal.extensions import db
from portal.models import Credential, Profile
from tests.fixtures.factories import CredentialFactory, ProfileFactory, UserFactory
from tests.fixtures.files import tiny_pdf, upload
from tests.fixtures.forms import pay_form


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def tiny_jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()


def stored_files(app) -> list[str]:
    folder = Path(app.config["UPLOAD_FOLDER"])
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.fixture
def seeker(auth):
    user = UserFactory(role="seeker", email="asha@example.in", name="Asha Menon")
    auth.login("asha@example.in")
    return user


# The checks themselves ---------------------------------------------------------------------------


def check(app, data: bytes, name: str, kinds=uploads.PDF_ONLY):
    with app.test_request_context():
        return uploads.check_file(FileStorage(io.BytesIO(data), filename=name), kinds)


def rejected(app, data: bytes, name: str, kinds=uploads.PDF_ONLY) -> str:
    with pytest.raises(uploads.UploadRejected) as caught:
        check(app, data, name, kinds)
    return caught.value.message


def test_a_real_pdf_passes(app):
    checked = check(app, tiny_pdf(), "My CV.pdf")
    assert checked.kind == "pdf" and checked.mimetype == "application/pdf"
    assert checked.original_name == "My CV.pdf"


def test_a_text_file_named_pdf_is_refused(app):
    message = rejected(app, b"Dear employer, I am a coder.", "resume.pdf")
    assert "Choose a PDF" in message and "even if its name ends in .pdf" in message


def test_a_png_renamed_pdf_is_refused_as_a_resume_but_accepted_as_proof(app):
    assert "Choose a PDF" in rejected(app, tiny_png(), "resume.pdf")
    checked = check(app, tiny_png(), "certificate.pdf", uploads.DOCUMENTS)
    assert checked.kind == "png"  # judged by its content, stored and served as a PNG


def test_a_jpeg_proof_passes(app):
    assert check(app, tiny_jpeg(), "card.jpg", uploads.DOCUMENTS).kind == "jpeg"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n<script>alert(document.cookie)</script>",
        b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"<?php system($_GET['c']); ?>" * 20,
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64,
        b"\xff\xd8\xff\xdb<html><script src=//evil.example/x.js></script></html>",
    ],
    ids=["png-header-then-script", "png-broken-chunks", "jpeg-header-then-zeros", "jpeg-html"],
)
def test_a_picture_that_does_not_decode_is_refused(app, data):
    message = rejected(app, data, "certificate.png", uploads.DOCUMENTS)
    assert "could not be opened" in message


def test_what_rides_along_after_a_picture_is_dropped(app):
    """A real PNG with a script glued after its end is kept as a clean copy of the picture."""
    polyglot = tiny_png() + b"<script>alert(1)</script>"
    checked = check(app, polyglot, "certificate.png", uploads.DOCUMENTS)
    assert checked.kind == "png"
    assert b"<script>" not in checked.data
    from PIL import Image

    assert Image.open(io.BytesIO(checked.data)).size == (1, 1)


def test_a_huge_picture_is_refused_before_decoding(app):
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 20_000, 20_000, 8, 2, 0, 0, 0)
    bomb = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")
    assert "too large" in rejected(app, bomb, "scan.png", uploads.DOCUMENTS)


def test_a_broken_pdf_is_refused(app):
    broken = b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nthis is not a pdf at all\n%%EOF"
    assert "could not be opened" in rejected(app, broken, "resume.pdf")
    truncated = tiny_pdf()[:60]
    assert "could not be opened" in rejected(app, truncated, "resume.pdf")


def test_a_password_protected_pdf_is_refused(app):
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    assert "protected by a password" in rejected(app, out.getvalue(), "resume.pdf")


def test_a_six_megabyte_pdf_is_refused_with_its_size(app):
    big = tiny_pdf(padding=6 * 1024 * 1024)
    assert len(big) > 6 * 1024 * 1024
    message = rejected(app, big, "resume.pdf")
    assert "5 MB or smaller" in message and "6" in message


def test_an_empty_file_is_refused(app):
    assert "empty" in rejected(app, b"", "resume.pdf")


# Storage -------------------------------------------------------------------------------------


def test_files_are_stored_under_random_names_outside_static(app):
    with app.test_request_context():
        name = uploads.store(check(app, tiny_pdf(), "../../etc/passwd.pdf"))
    assert len(name) == 36 and name.endswith(".pdf") and "passwd" not in name
    folder = Path(app.config["UPLOAD_FOLDER"])
    assert (folder / name).read_bytes().startswith(b"%PDF-")
    assert "static" not in folder.parts
    assert stored_files(app) == [name]  # no temporary file left behind
    uploads.delete(name)
    uploads.delete(name)  # twice is harmless
    assert stored_files(app) == []


def test_stored_names_cannot_reach_other_files(app):
    for bad in ("../secret_key", "/etc/passwd", "abc.pdf", "0" * 32 + ".exe"):
        with pytest.raises(ValueError, match="Not a stored upload"):
            uploads.path_for(bad)


# Through the pages ----------------------------------------------------------------------------


def test_resume_upload_replace_and_delete_leave_no_orphans(app, client, seeker):
    response = client.post(
        "/profile/pay",
        data=pay_form(resume=upload(tiny_pdf(), "Asha CV.pdf")),
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    profile = db.session.scalar(sa.select(Profile))
    first = profile.resume_file
    assert stored_files(app) == [first]
    assert profile.resume_name == "Asha CV.pdf" and profile.resume_size > 0

    client.post(
        "/profile/pay",
        data=pay_form(resume=upload(tiny_pdf(pages=2), "Asha CV 2026.pdf")),
        content_type="multipart/form-data",
    )
    db.session.refresh(profile)
    assert profile.resume_file != first
    assert stored_files(app) == [profile.resume_file]  # the old file is gone

    client.post("/profile/pay", data=pay_form(remove_resume="y"))
    db.session.refresh(profile)
    assert profile.resume_file is None and stored_files(app) == []


def test_resume_delete_button(app, client, seeker):
    client.post(
        "/profile/pay",
        data=pay_form(resume=upload(tiny_pdf(), "cv.pdf")),
        content_type="multipart/form-data",
    )
    assert len(stored_files(app)) == 1
    assert client.post("/profile/resume/delete").status_code == 302
    assert stored_files(app) == []
    assert db.session.scalar(sa.select(Profile.resume_file)) is None


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"just some words", "resume.pdf", "even if its name ends in .pdf"),
        (tiny_png(), "resume.pdf", "Choose a PDF"),
        (b"%PDF-1.4 broken", "resume.pdf", "could not be opened"),
    ],
)
def test_a_bad_resume_is_explained_next_to_the_field_and_nothing_is_saved(
    app, client, seeker, data, name, message
):
    response = client.post(
        "/profile/pay",
        data=pay_form(pay_min="31", resume=upload(data, name)),
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page and 'id="resume-error"' in page and 'href="#resume"' in page
    assert 'value="31"' in page  # the rest of the form is kept
    assert db.session.scalar(sa.select(Profile)) is None
    assert stored_files(app) == []


def test_an_oversized_resume_keeps_the_rest_of_the_form(app, client, seeker):
    response = client.post(
        "/profile/pay",
        data=pay_form(pay_min="31", resume=upload(tiny_pdf(padding=6 * 1024 * 1024), "cv.pdf")),
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "The file must be 5 MB or smaller" in page
    assert 'value="31"' in page and '<option selected value="USD">' in page
    assert stored_files(app) == []


def test_a_body_over_the_request_limit_gets_the_413_page(app, client, seeker):
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    response = client.post(
        "/profile/pay",
        data=pay_form(resume=upload(b"%PDF-" + b"0" * (2 * 1024 * 1024), "cv.pdf")),
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert "The file is too large" in response.get_data(as_text=True)


def test_credential_proof_moves_the_status_and_is_replaced_cleanly(app, client, seeker):
    response = client.post(
        "/profile/credentials",
        data={"kind": "CPC", "proof": upload(tiny_png(), "certificate.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    credential = db.session.scalar(sa.select(Credential))
    assert credential.status.value == "proof_uploaded"
    assert credential.proof_file.endswith(".png")  # by content, whatever the name said
    old = credential.proof_file

    client.post(
        f"/profile/credentials/{credential.id}",
        data={"kind": "CPC", "proof": upload(tiny_pdf(), "certificate.pdf")},
        content_type="multipart/form-data",
    )
    db.session.refresh(credential)
    assert credential.proof_file.endswith(".pdf") and stored_files(app) == [credential.proof_file]
    assert old not in stored_files(app)

    client.post(f"/profile/credentials/{credential.id}", data={"kind": "CPC", "remove_proof": "y"})
    db.session.refresh(credential)
    assert credential.proof_file is None and credential.status.value == "self_reported"
    assert stored_files(app) == []


def test_deleting_a_credential_removes_its_proof(app, client, seeker):
    client.post(
        "/profile/credentials",
        data={"kind": "CCS", "proof": upload(tiny_pdf(), "ccs.pdf")},
        content_type="multipart/form-data",
    )
    credential_id = db.session.scalar(sa.select(Credential.id))
    assert len(stored_files(app)) == 1
    client.post(f"/profile/credentials/{credential_id}/delete")
    assert stored_files(app) == []


def test_a_failed_commit_removes_the_file_it_just_wrote(app, seeker):
    """The file is written before the commit; if the commit fails, it must not stay behind."""
    from portal.services import profiles

    profile = ProfileFactory(user=seeker)

    def database_goes_away(session):
        raise sa.exc.OperationalError("COMMIT", {}, Exception("server closed the connection"))

    with app.test_request_context():
        checked = check(app, tiny_pdf(), "cv.pdf")
        session = db.session()
        sa.event.listen(session, "before_commit", database_goes_away)
        data = profiles.PayPrivacy(open_to_work=True, visibility="employers", anonymous=True)
        try:
            with pytest.raises(sa.exc.OperationalError):
                profiles.save_pay_privacy(seeker, data, resume=checked)
        finally:
            sa.event.remove(session, "before_commit", database_goes_away)
    assert stored_files(app) == []
    db.session.refresh(profile)
    assert profile.resume_file is None


# Serving -----------------------------------------------------------------------------------


def test_downloads_are_attachments_that_are_never_cached_or_sniffed(app, client, seeker):
    client.post(
        "/profile/pay",
        data=pay_form(resume=upload(tiny_pdf(), "../../fakepath/Asha CV.pdf")),
        content_type="multipart/form-data",
    )
    profile = db.session.scalar(sa.select(Profile))
    response = client.get(f"/profile/{profile.id}/resume")
    assert response.status_code == 200
    assert response.data.startswith(b"%PDF-")
    assert response.headers["Content-Type"] == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and "Asha CV.pdf" in disposition
    assert "fakepath" not in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    assert "sandbox" in response.headers["Content-Security-Policy"]


def test_a_missing_file_on_disk_is_a_404(app, client, seeker):
    profile = ProfileFactory(user=seeker, resume_file="0" * 32 + ".pdf", resume_name="cv.pdf")
    assert client.get(f"/profile/{profile.id}/resume").status_code == 404


def test_proof_download_uses_the_real_type(app, client, seeker):
    profile = ProfileFactory(user=seeker)
    with app.test_request_context():
        name = uploads.store(check(app, tiny_png(), "card.pdf", uploads.DOCUMENTS))
    credential = CredentialFactory(profile=profile, proof_file=name, proof_name="card.pdf")
    response = client.get(f"/profile/credentials/{credential.id}/proof")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/png"
    assert "card.png" in response.headers["Content-Disposition"]
