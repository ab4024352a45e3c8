"""Rules that drop the web page around the speech: navigation and notices at the top, related links at the bottom."""

from __future__ import annotations

import re
from dataclasses import replace

from .draft import MAX_EXAMPLES, SALUTATION_RE, Draft, Outcome, simplified_view

# Matched on the Simplified view of a stripped line.
_NAV = r"相关推荐|相关阅读|相关文章|推荐阅读|延伸阅读|热门推荐|热门文章|猜你喜欢|精选推荐|精彩推荐|更多推荐|相关范文|相关内容|热门阅读"
_TOP_RE = re.compile(
    r"^(?:"
    rf"[-–—•·*>\s]*(?:{_NAV})[:：]?\s*$"  # - 相关推荐
    r"|(?:发布|更新|发表)?(?:时间|日期)[:：].{0,40}$"  # 时间:2022-01-22 09:33:00
    r"|(?:来源|作者|编辑|责任编辑|浏览|点击|阅读|字号|浏览次数|阅读量)[:：].{0,60}$"
    r"|导语[:：].*"  # 导语:…不代表本站观点…
    r"|(?:首页|当前位置|您的位置|你的位置)\s*[:：>›»].*"  # breadcrumbs
    r")"
)
# Boilerplate sentences of essay sites, anywhere in a short line near the top.
_NOTICE_RE = re.compile(r"小编|供大家参考|仅供参考|欢迎参考|欢迎阅读|来源于网友上传|不代表本站观点|本站|整理发布|欢迎借鉴|希望对大家有所帮助|希望对你有所帮助")
_BOTTOM_RE = re.compile(
    r"^(?:"
    rf"[-–—•·*>\s]*(?:{_NAV}|上一篇|下一篇|返回顶部|返回列表|打印本页|关闭窗口)[:：]?.{{0,20}}$"
    r"|【[^】]{1,80}】\s*(?:相关文章|相关推荐|相关阅读)[:：]?\s*$"
    r"|.{0,80}(?:相关文章|相关推荐)[:：]\s*$"
    r"|(?:责任编辑|本文链接|原文链接|原文地址|版权声明|版权所有|声明)[:：].*"
    r")"
)
# A related-article link left without its marker: a short title with a date stamp (讲话08-22, 讲话2019-08-22).
_DATED_LINK_RE = re.compile(r"^.{1,60}?[\u4e00-\u9fff](?:\d{4}-)?\d{2}-\d{2}\s*$")
_DATE_RE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_SENTENCE_RE = re.compile(r"[。！？!?；;]")
_TOP_ZONE = 12  # chrome is only looked for among the first lines (non-blank ones counted)


def _is_notice(view: str) -> bool:
    return len(view) < 300 and bool(_NOTICE_RE.search(view))


def strip_top_chrome(draft: Draft) -> Outcome:
    """Drop navigation, date and notice lines above the speech; keep the page's date as metadata.

    ``- 相關推薦``, ``時間：2022-01-22 09:33:00`` (date kept), ``導語：…不代表本站觀點…`` -> dropped."""
    lines = list(draft.lines)
    dropped: list[str] = []
    date = draft.date
    seen = 0
    for i, line in enumerate(lines):
        text = line.text.strip()
        if not text:
            continue
        seen += 1
        if seen > _TOP_ZONE:
            break
        view = simplified_view(text)
        if _TOP_RE.match(view) or _is_notice(view):
            if date is None and re.match(r"^(?:发布|更新|发表)?(?:时间|日期)", view):
                m = _DATE_RE.search(view)
                if m:
                    date = f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
            dropped.append(text[:40])
            lines[i] = replace(line, text="")
        elif len(view) > 60 or _SENTENCE_RE.search(view) or SALUTATION_RE.match(view):
            break  # the body has begun: only title-like lines are passed over
    if not dropped:
        return Outcome(draft)
    return Outcome(replace(draft, lines=tuple(lines), date=date), len(dropped), tuple(dropped[:MAX_EXAMPLES]))


def strip_bottom_chrome(draft: Draft) -> Outcome:
    """Cut from the first related-links marker to the end: ``相關閱讀``, ``【…】相關文章：`` and the dated links."""
    lines = list(draft.lines)
    body = [i for i, ln in enumerate(lines) if ln.text.strip()]
    if len(body) < 2:
        return Outcome(draft)
    cut = None
    # Only below the first body line: a speech never opens with its related links.
    for i in body[1:]:
        text = lines[i].text.strip()
        # Markers are short lines; converting only those keeps this rule off OpenCC's hot path.
        if len(text) <= 120 and _BOTTOM_RE.match(simplified_view(text)):
            cut = i
            break
    dropped: list[str] = []
    if cut is not None:
        dropped = [ln.text.strip()[:40] for ln in lines[cut:] if ln.text.strip()]
        lines = lines[:cut]
    # Trailing dated links with no marker above them.
    while lines and (not lines[-1].text.strip() or _DATED_LINK_RE.match(lines[-1].text.strip())):
        if lines[-1].text.strip():
            if len([ln for ln in lines if ln.text.strip()]) <= 1:
                break
            dropped.append(lines[-1].text.strip()[:40])
        lines.pop()
    if not dropped:
        return Outcome(draft)
    return Outcome(draft.with_lines(lines), len(dropped), tuple(dropped[:MAX_EXAMPLES]))
