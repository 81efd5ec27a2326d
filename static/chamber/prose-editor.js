// The minutes' rich-text editor: django-prose-editor's ProseMirror build, served from the project's static files,
// offering only what chamber/richtext.py keeps (paragraphs, line breaks, bold, italics, underline, lists).
import {
  Bold,
  BulletList,
  Document,
  HardBreak,
  History,
  Italic,
  ListItem,
  Menu,
  OrderedList,
  Paragraph,
  Text,
  Underline,
  createTextareaEditor,
  initializeEditors,
} from "../django_prose_editor/editor.js";

const EXTENSIONS = [
  Document, Paragraph, Text, HardBreak, History, Menu, Bold, Italic, Underline, BulletList, OrderedList, ListItem,
];

initializeEditors((textarea) => {
  if (textarea.closest(".prose-editor")) {
    return null;
  }
  return createTextareaEditor(textarea, EXTENSIONS);
}, "[data-chamber-prose]");
