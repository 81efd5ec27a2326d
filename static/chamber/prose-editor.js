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
  Editor,
  crel,
  initializeEditors,
} from "../django_prose_editor/editor.js";

const EXTENSIONS = [
  Document, Paragraph, Text, HardBreak, History, Menu, Bold, Italic, Underline, BulletList, OrderedList, ListItem,
];

// django-prose-editor's createTextareaEditor, with Tiptap's injectCSS switched off: its inline <style> is blocked by
// the site's Content-Security-Policy (no 'unsafe-inline'); the same rules come from chamber/prose-editor-core.css.
function createEditor(textarea, extensions) {
  const disabled = textarea.hasAttribute("disabled");
  const wrapper = crel("div", { className: `prose-editor ${disabled ? "disabled" : ""}` });
  textarea.before(wrapper);
  wrapper.append(textarea);
  return new Editor({
    element: wrapper,
    editable: !disabled,
    extensions,
    content: textarea.value,
    injectCSS: false,
    onUpdate({ editor }) {
      const html = editor.getHTML();
      textarea.value = /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    },
    onDestroy() {
      wrapper.before(textarea);
      wrapper.remove();
    },
  });
}

initializeEditors((textarea) => {
  if (textarea.closest(".prose-editor")) {
    return null;
  }
  return createEditor(textarea, EXTENSIONS);
}, "[data-chamber-prose]");
