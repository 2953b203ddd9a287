"""StreamField blocks of materials and articles.

Japanese is stored as written: no ruby in the text. Furigana are added to the rendered HTML
(core/easyjp.py), except where the editor gives a reading on purpose (a vocabulary entry),
which is rendered as <ruby> and left alone by the engine.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

# Italic is left out: slanted kanji are hard to read.
TEXT_FEATURES = ["h2", "h3", "bold", "ol", "ul", "link", "document-link"]
AUDIO_EXTENSIONS = ("mp3", "m4a", "ogg", "wav")


class EasyTextBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", TEXT_FEATURES)
        kwargs.setdefault(
            "help_text", _("Write in easy Japanese. Furigana are added automatically.")
        )
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Text")
        template = "cms/blocks/text.html"


class VocabularyEntryBlock(blocks.StructBlock):
    word = blocks.CharBlock(label=_("word"), max_length=60)
    reading = blocks.CharBlock(
        label=_("reading"),
        max_length=120,
        required=False,
        help_text=_("Hiragana. Leave empty to use the automatic reading."),
    )
    meaning = blocks.CharBlock(
        label=_("meaning"),
        max_length=200,
        help_text=_("In easy Japanese; translations give it in their language."),
    )

    class Meta:
        icon = "snippet"
        label = _("Word")


class VocabularyBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), required=False, max_length=100)
    words = blocks.ListBlock(VocabularyEntryBlock(), label=_("words"))

    class Meta:
        icon = "list-ul"
        label = _("Vocabulary list")
        template = "cms/blocks/vocabulary.html"


class ExampleSentenceBlock(blocks.StructBlock):
    sentence = blocks.CharBlock(label=_("sentence"), max_length=300)
    translation = blocks.CharBlock(
        label=_("meaning or translation"), required=False, max_length=300
    )

    class Meta:
        icon = "openquote"
        label = _("Example sentence")


class ExamplesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), required=False, max_length=100)
    sentences = blocks.ListBlock(ExampleSentenceBlock(), label=_("sentences"))

    class Meta:
        icon = "openquote"
        label = _("Example sentences")
        template = "cms/blocks/examples.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt = blocks.CharBlock(
        label=_("description for screen readers"), required=False, max_length=200
    )
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=200)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "cms/blocks/image.html"


class AudioBlock(blocks.StructBlock):
    audio = DocumentChooserBlock(label=_("audio file"), help_text=_("An MP3 or M4A file."))
    title = blocks.CharBlock(label=_("title"), required=False, max_length=120)
    transcript = blocks.TextBlock(label=_("transcript"), required=False)

    def clean(self, value):
        value = super().clean(value)
        document = value.get("audio")
        if document and not document.file.name.lower().endswith(AUDIO_EXTENSIONS):
            from django.core.exceptions import ValidationError
            from wagtail.blocks.struct_block import StructBlockValidationError

            raise StructBlockValidationError(
                block_errors={
                    "audio": ValidationError(_("Choose an audio file (MP3, M4A, OGG or WAV)."))
                }
            )
        return value

    class Meta:
        icon = "media"
        label = _("Audio")
        template = "cms/blocks/audio.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(label=_("link text"), required=False, max_length=120)

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "cms/blocks/document.html"


class MaterialStreamBlock(blocks.StreamBlock):
    text = EasyTextBlock()
    vocabulary = VocabularyBlock()
    examples = ExamplesBlock()
    image = ImageBlock()
    audio = AudioBlock()
    document = DocumentBlock()


class ArticleStreamBlock(blocks.StreamBlock):
    text = EasyTextBlock()
    image = ImageBlock()
    document = DocumentBlock()
