/*
 * The speeches site's search worker: a drop-in for Material for MkDocs' search worker that answers the first
 * query at once instead of building a lunr index first.
 *
 * Material's worker builds a lunr index of every token of search_index.json in the reader's browser before it
 * answers anything: about 14 s at 1,000 speeches on a 2-core machine. This worker speaks the same messages
 * (SETUP, READY, QUERY, RESULT) and gives the same kind of result (items grouped by page, each with its
 * highlighted title and text, score and query terms), but keeps only the documents and, for each query, finds
 * the tokens a query term begins in the lowercased text itself: one pass of indexOf per term over ~8 MB of text
 * takes milliseconds.
 *
 * What matches is what lunr matches as Material queries it: the index's tokens are the text between separator
 * runs (config.separator; the build put U+200B between jieba's words), a query's Han characters are cut into
 * the index's words as Material's segment() cuts them (without its loss of the last character), full-width
 * punctuation in a query is ignored, and every term without + or - gets a trailing wildcard, so it matches the
 * tokens it begins. +term is required, -term prohibited, field:term looks in one field.
 * Scores are lunr's (BM25 with b = 0 per matched token, times the field's boost, over the query vector's
 * length) with Material's boosts on top (a page over its sections; more query terms found ranks higher); they
 * differ from Material's where its own terms bookkeeping misses a matched term (经济** keeps 经济* out).
 * Not supported: fuzzy matching (term~1) and lunr's English stemmer (a query is matched as typed).
 *
 * Adapted from Material for MkDocs (MIT, Copyright (c) 2016-2025 Martin Donath): the message protocol,
 * segment(), transform(), extract() and the result grouping follow its src/templates/assets/javascripts/
 * integrations/search. The speeches plugin serves this file in place of Material's worker (same URL).
 */
"use strict";

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
const HAN = /\p{sc=Han}+/gu;
const WIDE_PUNCTUATION = /(?![\x00-\x7F])[\p{P}\p{S}]/gu;

/* ------------------------------------------------------------------------------------------------------------
 * Tokens: a separator that is one character class ([...]+) is tested a character at a time; any other
 * separator (lookaheads, alternatives) splits the text with the regex itself, as Material's tokenizer does.
 * --------------------------------------------------------------------------------------------------------- */

function separatorTest(separator) {
  if (/^\[(?:[^\[\]\\]|\\.)*\]\+?$/.test(separator)) {
    const one = new RegExp("^" + separator.replace(/\+$/, "") + "$", "u");
    const cache = new Map();
    return ch => {
      let is = cache.get(ch);
      if (is === undefined)
        cache.set(ch, is = one.test(ch));
      return is;
    };
  }
  return null;
}

/* Token ranges [start, end) of a string, with Material's split(): used for separators that are not a class */
function splitRanges(input, separator) {
  const out = [];
  const re = new RegExp(separator, "g");
  let index = 0, match;
  do {
    match = re.exec(input);
    const until = match ? match.index : input.length;
    if (index < until)
      out.push([index, until]);
    if (match) {
      index = match.index + match[0].length;
      if (match[0].length === 0)
        re.lastIndex = match.index + 1;
    }
  } while (match);
  return out;
}

/* ------------------------------------------------------------------------------------------------------------
 * Query: Material's segment() and transform(), then lunr's clause syntax
 * --------------------------------------------------------------------------------------------------------- */

/* Material's segment(): the index's words a run of Han characters is made of (`known(word)`: a token exists).
 * One change: Material's loop stops a character short (j < length), so the last character of every run is
 * lost (双联 is searched as 双*, matching 双向 and 双过半); here a word may end where the run does. */
function segment(query, known) {
  const segments = new Set();
  const wordcuts = new Uint16Array(query.length + 1);
  for (let i = 0; i < query.length; i++)
    for (let j = i + 1; j <= query.length; j++)
      if (known(query.slice(i, j)))
        wordcuts[i] = j - i;
  const stack = [0];
  for (let s = stack.length; s > 0;) {
    const p = stack[--s];
    for (let q = 1; q < wordcuts[p]; q++)
      if (wordcuts[p + q] > wordcuts[p] - q) {
        segments.add(query.slice(p, p + q));
        stack[s++] = p + q;
      }
    const q = p + wordcuts[p];
    if (wordcuts[q] && q < query.length)
      stack[s++] = q;
    segments.add(query.slice(p, q));
  }
  if (segments.has(""))
    return new Set([query]);
  return segments;
}

/* Material's transform(): quoted phrases become required terms, every other term gets a trailing wildcard */
function transform(query, fn) {
  return query
    .trim()
    .split(/"([^"]+)"/g)
    .map((parts, index) => index & 1 ? parts.replace(/^\b|^(?![^\x00-\x7F]|$)|\s+/g, " +") : parts)
    .join("")
    .replace(/"|(?:^|\s+)[*+\-:^~]+(?=\s+|$)/g, "")
    .split(/\s+/g)
    .reduce((prev, term) => prev.concat(fn(term)), [])
    .map(term => /([~^]$)/.test(term) ? `${term}1` : term)
    .map(term => /(^[+-]|[~^]\d+$)/.test(term) ? term : `${term}*`)
    .join(" ");
}

/* One whitespace-separated query part: presence, field, term, wildcards (lunr's syntax, without fuzziness) */
function parseClause(part, fields) {
  const clause = { presence: "optional", fields, term: part, leading: false, trailing: false, boost: 1 };
  let m = /^([+-])(.*)$/.exec(clause.term);
  if (m) {
    clause.presence = m[1] === "+" ? "required" : "prohibited";
    clause.term = m[2];
  }
  m = /^([^:]+):(.+)$/.exec(clause.term);
  if (m && fields.includes(m[1])) {
    clause.fields = [m[1]];
    clause.term = m[2];
  }
  m = /^(.*?)\^(\d+)$/.exec(clause.term);
  if (m) {
    clause.boost = +m[2] || 1;
    clause.term = m[1];
  }
  clause.term = clause.term.replace(/~\d+$/, "");
  /* Material's segment() leaves a star on each word and transform() adds one: lunr reads ** as * */
  if (clause.term.startsWith("*")) {
    clause.leading = true;
    clause.term = clause.term.replace(/^\*+/, "");
  }
  if (clause.term.endsWith("*")) {
    clause.trailing = true;
    clause.term = clause.term.replace(/\*+$/, "");
  }
  clause.term = clause.term.toLowerCase();
  return clause;
}

/* ------------------------------------------------------------------------------------------------------------
 * Highlighting, as Material's highlight(): the text's top-level blocks (a <p>…</p>, a list, a run of plain
 * text) that hold a match, at most two; the title whole. Each matched token is wrapped in <mark>.
 * --------------------------------------------------------------------------------------------------------- */

/* Material's extract() and its position table: [start, end) of each block of an HTML string. A block runs from
 * its first token or tag to the tag that closes a top-level element (text before a list belongs to the list's
 * block); separators at a block's edges are outside it. */
function blocks(input, span) {
  const out = [];
  let block = null, start = 0, end = 0, stack = 0;
  const entry = (s, e) => {
    if (block === null)
      block = [s, e];
    else
      block[1] = e;
  };
  const text = (s, e) => {
    const t = span(input, s, e);
    if (t)
      entry(t[0], t[1]);
  };
  for (; end < input.length; end++) {
    const ch = input.charAt(end);
    if (ch === "<" && end > start) {
      text(start, end);
      start = end;
    } else if (ch === ">") {
      if (input.charAt(start + 1) === "/") {
        if (--stack === 0) {
          entry(start, end + 1);
          out.push(block);
          block = null;
        }
      } else if (input.charAt(end - 1) !== "/") {
        if (stack++ === 0)
          entry(start, end + 1);
      }
      start = end + 1;
    }
  }
  if (end > start)
    text(start, end);
  if (block !== null)
    out.push(block);
  return out;
}

function mark(input, ranges) {
  let out = "", cursor = 0;
  for (const [s, e] of ranges) {
    out += input.slice(cursor, s) + "<mark>" + input.slice(s, e) + "</mark>";
    cursor = e;
  }
  return out + input.slice(cursor);
}

function highlight(input, ranges, full, span) {
  if (!ranges.length)
    return input;
  ranges.sort((a, b) => a[0] - b[0]);
  if (full)
    return mark(input, ranges);
  const slices = [];
  let r = 0;
  for (const [start, end] of blocks(input, span)) {
    if (r >= ranges.length)
      break;
    if (ranges[r][0] >= end)
      continue;
    const inside = [];
    while (r < ranges.length && ranges[r][0] < end) {
      if (ranges[r][0] >= start)
        inside.push([ranges[r][0] - start, ranges[r][1] - start]);
      r++;
    }
    if (inside.length && slices.push(mark(input.slice(start, end), inside)) === 2)
      break;
  }
  return slices.join("");
}

/* ------------------------------------------------------------------------------------------------------------
 * The index: the documents and their lowercased fields. Nothing else is built before the first query.
 * --------------------------------------------------------------------------------------------------------- */

class Search {
  constructor({ config, docs, options }) {
    this.options = options || {};
    this.separator = config.separator;
    this.isSep = separatorTest(config.separator);
    /* [first token's start, last token's end] of input[s, e), or null when it holds no token */
    this.span = this.isSep
      ? (input, s, e) => {
        while (s < e && this.isSep(input.charAt(s))) s++;
        while (e > s && this.isSep(input.charAt(e - 1))) e--;
        return s < e ? [s, e] : null;
      }
      : (input, s, e) => {
        const r = splitRanges(input.slice(s, e), this.separator);
        return r.length ? [s + r[0][0], s + r[r.length - 1][1]] : null;
      };
    this.fields = Object.keys(config.fields || { title: {}, text: {} });
    this.boosts = Object.fromEntries(this.fields.map(f => [f, (config.fields || {})[f]?.boost || 1]));
    this.docs = docs;
    this.map = new Map();
    for (const doc of docs) {  /* Material's setupSearchDocumentMap(): a page, then its sections */
      const [path] = doc.location.split("#");
      const article = this.map.get(path);
      if (article === undefined) {
        this.map.set(path, doc);
      } else {
        this.map.set(doc.location, doc);
        doc.parent = article;
      }
    }
    this.low = {};
    for (const field of this.fields)
      this.low[field] = docs.map(doc => {
        const value = doc[field];
        if (value === undefined)
          return undefined;
        return Array.isArray(value) ? value.map(v => String(v).toLowerCase()) : String(value).toLowerCase();
      });
    this.knownCache = new Map();
    this.idfCache = new Map();
  }

  /* The tokens of a lowercased field value as [start, end) ranges, tags left out (the slow path, for a
   * separator that is not one character class; cached per value) */
  ranges(value) {
    this.rangeCache ||= new Map();
    let out = this.rangeCache.get(value);
    if (out === undefined) {
      out = [];
      const tags = /<[^>]*>/g;
      let at = 0, m;
      const texts = [];
      while ((m = tags.exec(value))) {
        texts.push([at, m.index]);
        at = m.index + m[0].length;
      }
      texts.push([at, value.length]);
      for (const [a, b] of texts)
        for (const [x, y] of splitRanges(value.slice(a, b), this.separator))
          out.push([a + x, a + y]);
      this.rangeCache.set(value, out);
    }
    return out;
  }

  /* The tokens of `value` (lowercased) that the clause matches, as [start, end) ranges */
  find(value, clause, first = false) {
    const term = clause.term;
    const out = [];
    if (!term || value.length < term.length)
      return out;
    const isSep = this.isSep;
    if (!isSep) {
      for (const [s, e] of this.ranges(value)) {
        const token = value.slice(s, e);
        if (clause.leading ? (clause.trailing ? token.includes(term) : token.endsWith(term))
                           : (clause.trailing ? token.startsWith(term) : token === term))
          out.push([s, e]);
      }
      return out;
    }
    const boundary = ch => ch === "" || ch === "<" || ch === ">" || isSep(ch);
    /* the tags' [start, end) in order, met with a cursor as the matches go forward: no token lies in a tag */
    let tags = null, t = 0;
    const insideTag = at => {
      if (tags === null) {
        tags = [];
        for (let k = value.indexOf("<"); k >= 0; k = value.indexOf("<", k + 1)) {
          const close = value.indexOf(">", k);
          tags.push([k, close < 0 ? value.length : close + 1]);
          if (close < 0)
            break;
          k = close;
        }
      }
      while (t < tags.length && tags[t][1] <= at) t++;
      return t < tags.length && tags[t][0] < at;
    };
    let from = 0, last = -1;
    for (;;) {
      const at = value.indexOf(term, from);
      if (at < 0)
        break;
      from = at + 1;
      let s = at, e = at + term.length;
      if (!clause.leading && !boundary(value.charAt(s - 1)))
        continue;
      if (!clause.trailing && !boundary(value.charAt(e)))
        continue;
      while (s > 0 && !boundary(value.charAt(s - 1))) s--;
      while (e < value.length && !boundary(value.charAt(e))) e++;
      if (s <= last)  /* the same token again */
        continue;
      if (insideTag(s))
        continue;
      out.push([s, e]);
      if (first)
        break;
      last = s;
      from = e;
    }
    return out;
  }

  /* Whether `word` is one of the index's tokens, as segment() asks of lunr's inverted index: the first whole
   * token found answers; the answers are kept, so typing on asks only of the new characters */
  known(word) {
    word = word.toLowerCase();
    let is = this.knownCache.get(word);
    if (is === undefined) {
      is = false;
      const clause = { term: word, leading: false, trailing: false };
      search: for (const field of this.fields)
        for (const value of this.low[field])
          for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value])
            if (v.length >= word.length && v.includes(word) && this.find(v, clause, true).length) {
              is = true;
              break search;
            }
      this.knownCache.set(word, is);
    }
    return is;
  }

  search(query) {
    /* A reader may paste a phrase with its quotes (“双联”) or other full-width punctuation: no token holds any */
    query = query.replace(WIDE_PUNCTUATION, " ");
    query = query.replace(HAN, value => [...segment(value, word => this.known(word))].join("* "));
    query = transform(query, part => {
      /* Material splits each term at the separator, keeping its prefix (+, -, field:) and suffix */
      const m = /^([+-]?(?:[^:]+:)?)(.*?)((?:[~^]\d*)?)$/.exec(part);
      const [prefix, term, suffix] = m ? [m[1], m[2], m[3]] : ["", part, ""];
      const pieces = splitRanges(term, this.separator).map(([s, e]) => prefix + term.slice(s, e) + suffix);
      return pieces;
    });
    if (!query)
      return { items: [] };
    const clauses = query.split(/\s+/).filter(Boolean).map(part => parseClause(part, this.fields))
      .filter(c => c.term.length > 0);
    if (!clauses.length)
      return { items: [] };

    const n = this.docs.length;
    const hits = new Map();  /* doc index -> { field -> [[start, end, token, clause]...] } */
    const df = new Map();  /* token -> how many fields of how many documents hold it (lunr's idf) */
    const expanded = new Map();  /* token -> the boosts of the clauses it matched: lunr's query vector */
    const required = [], prohibited = new Set();
    for (const clause of clauses) {
      const matched = new Set();
      for (const field of clause.fields) {
        const values = this.low[field];
        if (!values)
          continue;
        for (let i = 0; i < n; i++) {
          const value = values[i];
          if (value === undefined)
            continue;
          let found;
          if (Array.isArray(value)) {  /* tags: each one is matched whole */
            found = [];
            value.forEach((v, k) => { if (this.find(v, clause).length) found.push([k, k + 1, v]); });
          } else {
            found = this.find(value, clause).map(([s, e]) => [s, e, value.slice(s, e)]);
          }
          if (!found.length)
            continue;
          matched.add(i);
          if (clause.presence === "prohibited")
            continue;
          let entry = hits.get(i);
          if (entry === undefined)
            hits.set(i, entry = {});
          const list = entry[field] ||= [];
          const seen = new Set(list.map(([, , token]) => token));
          for (const [s, e, token] of found) {
            const key = token + "\u0000" + clauses.indexOf(clause);
            if (!expanded.has(key))
              expanded.set(key, [token, clause.boost]);
            if (!seen.has(token)) {
              seen.add(token);
              df.set(token, (df.get(token) || 0) + 1);
            }
            list.push([s, e, token, clause]);
          }
        }
      }
      if (clause.presence === "required") {
        if (!matched.size)
          return { items: [] };  /* as lunr: a required term found nowhere matches nothing */
        required.push(matched);
      } else if (clause.presence === "prohibited") {
        for (const i of matched) prohibited.add(i);
      }
    }
    const idf = token => {
      const d = df.get(token) || 0;
      return Math.log(1 + Math.abs((n - d + 0.5) / (d + 0.5)));
    };
    const vector = new Map();
    for (const [token, boost] of expanded.values())
      vector.set(token, (vector.get(token) || 0) + boost);
    const norm = Math.sqrt([...vector.values()].reduce((sum, v) => sum + v * v, 0));
    let candidates = [...hits.keys()];
    if (clauses.every(c => c.presence === "prohibited"))
      candidates = this.docs.map((_, i) => i);
    const scored = [];
    for (const i of candidates) {
      if (prohibited.has(i) || required.some(set => !set.has(i)))
        continue;
      const entry = hits.get(i) || {};
      const doc = { ...this.docs[i] };
      if (doc.tags)
        doc.tags = [...doc.tags];
      let score = 0;
      const found = new Set();
      for (const field of Object.keys(entry)) {
        /* lunr's score: each matched token's BM25 weight (b = 0) times the field's and the document's boost */
        const tf = new Map();
        for (const [, , token, clause] of entry[field]) {
          const key = token + "\u0000" + clause.boost;
          tf.set(key, (tf.get(key) || 0) + 1);
          found.add(clause);
        }
        const boost = (this.boosts[field] || 1) * (this.docs[i].boost || 1);
        for (const [key, count] of tf) {
          const [token, clauseBoost] = key.split("\u0000");
          score += +clauseBoost * idf(token) * (2.2 * count) / (1.2 + count) * boost;
        }
        const original = this.docs[i][field];
        if (Array.isArray(original))
          continue;
        if (original.length === this.low[field][i].length)  /* lowercasing kept the offsets: mark the tokens */
          doc[field] = highlight(original, entry[field].map(([s, e]) => [s, e]), field !== "text", this.span);
      }
      score /= norm || 1;
      const terms = {};
      for (const clause of clauses)
        if (clause.presence !== "prohibited")
          terms[clause.term] = found.has(clause) || terms[clause.term] === true;
      const boost = +!doc.parent + Object.values(terms).filter(t => t).length / Math.max(1, Object.keys(terms).length);
      scored.push({ ...doc, score: score * (1 + boost ** 2), terms });
    }
    scored.sort((a, b) => b.score - a.score);

    /* Group by page; every group holds its page (Material shows the page above its sections) */
    const groups = new Map();
    for (const item of scored) {
      const doc = this.map.get(item.location);
      if (doc === undefined)
        continue;
      const ref = doc.parent ? doc.parent.location : doc.location;
      if (!groups.has(ref))
        groups.set(ref, []);
      groups.get(ref).push(item);
    }
    for (const [ref, items] of groups)
      if (!items.find(item => item.location === ref))
        items.push({ ...this.map.get(ref), score: 0, terms: {} });
    const result = { items: [...groups.values()] };
    if (this.options.suggest)
      result.suggest = [];
    return result;
  }
}

let index = null;

addEventListener("message", ev => {
  const message = ev.data;
  switch (message.type) {
    case SETUP:
      index = new Search(message.data);
      postMessage({ type: READY });
      break;
    case QUERY:
      let data;
      try {
        data = index.search(message.data);
      } catch (err) {
        console.warn(`Invalid query: ${message.data}`);
        console.warn(err);
        data = { items: [] };
      }
      postMessage({ type: RESULT, data });
      break;
    default:
      throw new TypeError("Invalid message type");
  }
});
