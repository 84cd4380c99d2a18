"""The file types allowed by default; change them in the admin (Evidence › Allowed file types)."""

from django.db import migrations

MB = 1024 * 1024

DEFAULT_TYPES = [
    # extension, label, content type, kind, max size
    ("pdf", "PDF", "application/pdf", "document", 20 * MB),
    (
        "docx",
        "Word document",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "document",
        20 * MB,
    ),
    ("odt", "OpenDocument text", "application/vnd.oasis.opendocument.text", "document", 20 * MB),
    ("txt", "Text file", "text/plain", "document", 20 * MB),
    ("jpg", "JPEG", "image/jpeg", "photo", 15 * MB),
    ("jpeg", "JPEG", "image/jpeg", "photo", 15 * MB),
    ("png", "PNG", "image/png", "photo", 15 * MB),
    ("heic", "HEIC", "image/heic", "photo", 15 * MB),
    ("mp3", "MP3", "audio/mpeg", "audio", 50 * MB),
    ("m4a", "M4A", "audio/mp4", "audio", 50 * MB),
]


def add_types(apps, schema_editor):
    AllowedFileType = apps.get_model("evidence", "AllowedFileType")
    for extension, label, content_type, kind, max_bytes in DEFAULT_TYPES:
        AllowedFileType.objects.update_or_create(
            extension=extension,
            defaults={
                "label": label,
                "content_type": content_type,
                "kind": kind,
                "max_bytes": max_bytes,
                "active": True,
            },
        )


def remove_types(apps, schema_editor):
    AllowedFileType = apps.get_model("evidence", "AllowedFileType")
    AllowedFileType.objects.filter(extension__in=[row[0] for row in DEFAULT_TYPES]).delete()


class Migration(migrations.Migration):
    dependencies = [("evidence", "0001_initial")]

    operations = [migrations.RunPython(add_types, remove_types)]
