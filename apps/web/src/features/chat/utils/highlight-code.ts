import bash from 'highlight.js/lib/languages/bash';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import { toJsxRuntime } from 'hast-util-to-jsx-runtime';
import { createLowlight } from 'lowlight';
import type { ReactNode } from 'react';
import { Fragment, jsx, jsxs } from 'react/jsx-runtime';

/**
 * Syntax highlighting for fenced code blocks: highlight.js grammars run by lowlight, which answers a syntax tree (not
 * an HTML string), turned into React elements. Loaded with `import()` the first time a code block shows, so the main
 * bundle carries none of it.
 */
const lowlight = createLowlight({ bash, css, diff, go, java, javascript, json, python, rust, sql, typescript, xml, yaml });
lowlight.registerAlias({
  bash: ['sh', 'shell', 'zsh'],
  javascript: ['js', 'jsx'],
  typescript: ['ts', 'tsx'],
  xml: ['html', 'svg'],
  yaml: ['yml'],
  python: ['py'],
  rust: ['rs'],
});

/** Auto-detection is for short snippets only: it runs every grammar. */
const AUTO_MAX = 5_000;

/** The highlighted code as React elements, or null when the language is unknown and cannot be guessed. */
export function highlightCode(code: string, language: string | null): ReactNode {
  let tree;
  if (language) {
    if (!lowlight.registered(language)) return null;
    tree = lowlight.highlight(language, code);
  } else {
    if (code.length > AUTO_MAX) return null;
    tree = lowlight.highlightAuto(code);
    if (!tree.data?.language) return null;
  }
  return toJsxRuntime(tree, { Fragment, jsx, jsxs });
}
