"""What page furniture says, as patterns on a paragraph's Simplified view.

Learnt from the kinds of sites speeches are scraped from (news agencies, party papers, provincial government
portals, essay sites, Wikisource): each pattern says what the furniture is for (download, print, share, the
licence), not one site's exact wording.
"""

from __future__ import annotations

import re

# Navigation words shared by the top and the bottom of a page.
NAV = (r"相关推荐|相关阅读|相关文章|相关报道|相关新闻|相关链接|推荐阅读|延伸阅读|热门推荐|热门文章|猜你喜欢|精选推荐|精彩推荐"
       r"|更多推荐|相关范文|相关内容|热门阅读|相关专题|往期回顾|更多阅读")
# Toolbar buttons: a line made of nothing else is a toolbar.
_TOOL = (r"下载|打印|打印本页|全屏|全屏阅读|收藏|加入收藏|关闭|关闭窗口|分享|分享到|字号|字体|大|中|小|默认|放大|缩小|繁体|简体"
         r"|无障碍|长者模式|English|返回|返回顶部|返回首页|返回列表|纠错|我要纠错|复制链接|微信|微博|QQ|QQ空间|扫一扫"
         r"|视力保护色|护眼模式|朗读|语音播报|保存|首页|上一篇|下一篇|PDF|Word")
_TOOLBAR = rf"(?:[【\[(（]?\s*(?:{_TOOL})\s*[】\])）]?[\s|｜:：/·•>＞-]*){{1,16}}"
# Lines that tell where a page sits and where its text came from: 来源：省政府办公厅  发布时间：2023-01-18
_SOURCE_WORDS = (r"(?:发布|更新|发表|录入|上传)?(?:时间|日期)|来源|稿源|文章来源|信息来源|作者|编辑|责任编辑|浏览|浏览次数|点击"
                 r"|点击数|阅读|阅读量|阅读数|访问量|字号|索引号|发文机关|发文字号|主题分类|成文日期|发布机构")
TOP_RE = re.compile(
    r"^(?:"
    rf"[-–—•·*>\s]*(?:{NAV})[:：]?\s*$"  # - 相关推荐
    rf"|(?:{_SOURCE_WORDS})\s*[:：].{{0,160}}$"  # 时间:2022-01-22 09:33:00 / 来源：… 发布时间：…
    r"|导语[:：].*"  # 导语:…不代表本站观点…
    r"|(?:首页|当前位置|您的位置|你的位置|您现在的位置|所在位置)\s*[:：>›»＞].*"  # breadcrumbs
    r"|首页\s*[>›»＞].*"
    rf"|{_TOOLBAR}$"
    r"|(?:分享到|分享至)[:：]?.{0,40}$"
    r"|【?\s*(?:字体|字号)\s*[:：].{0,20}$"
    r")"
)
# Boilerplate sentences of essay sites, anywhere in a short paragraph near the top.
NOTICE_RE = re.compile(r"小编|供大家参考|仅供参考|欢迎参考|欢迎阅读|来源于网友上传|不代表本站观点|本站|整理发布|欢迎借鉴"
                       r"|希望对大家有所帮助|希望对你有所帮助|点击查看全文|以下是正文|免责声明")
# Where related links begin; alone on a short line, or with a title in brackets before it.
BOTTOM_MARKER_RE = re.compile(
    rf"^(?:[-–—•·*>\s]*(?:{NAV}|上一篇|下一篇)[:：]?.{{0,20}}$"
    r"|【[^】]{1,80}】\s*(?:相关文章|相关推荐|相关阅读)[:：]?\s*$"
    r"|.{0,80}(?:相关文章|相关推荐|相关阅读|相关报道)[:：]\s*$)"
)
# A related-article link left without its marker: a short title with a date stamp (讲话08-22, 讲话2019-08-22).
DATED_LINK_RE = re.compile(r"^.{1,60}?[\u4e00-\u9fff》]\s*[\[(（]?(?:\d{4}[-/.])?\d{1,2}[-/.]\d{1,2}[\])）]?\s*$")
# A closing note that says what the text is: ※这是…2022年10月23日在…上的讲话。 / （2020年2月14日在…会议上的讲话）
NOTE_RE = re.compile(
    r"(?:※\s*(?:这是|此文是|本文是|本文为|这篇是)|^[（(]|[（(](?=\d{4}年))[^。※]{0,40}?在(?P<occasion>[^。※（）]{2,60}?)"
    r"(?:上|时|期间)的(?:重要)?(?:讲话|发言|致辞|演讲|报告|讲话要点)"
)
# A footer run into the speech's last sentence: the news agency's dateline, the paper's edition, a ※ note.
GLUED_TAIL_RE = re.compile(
    r"(?:[（(]\s*(?:新华社|中新社|人民日报|本报)[^（）()]{0,16}(?:电|讯)\s*[）)]\s*)?"
    r"《\s*人民日报\s*》\s*[（(][^（）()]{0,40}?版\s*[）)]\s*$"
    r"|[（(]\s*(?:新华社|中新社)[^（）()]{0,16}电\s*[）)]\s*$"
    r"|(?<=[。！？!?）)”])(?:[（(](?:19|20)\d\d年\d{1,2}月\d{1,2}日在[^（）()]{2,60}(?:讲话|发言|致辞)[）)])?\s*※[^※]{4,200}$"
    r"|[（(](?:19|20)\d\d年\d{1,2}月\d{1,2}日在[^（）()]{2,60}(?:讲话|发言|致辞)[）)]\s*$"
)
# Where a Wikisource licence template begins: its first paragraph names the work and its status.
LICENCE_RE = re.compile(r"^(?:本作品|这部作品|此作品|本文作品)[\s\S]{0,300}?(?:公有领域|著作权|版权|Public domain|许可)"
                        r"|^Public domain")
# What a paragraph after the speech is, first match wins; the label is shown on the page.
WHY_BOTTOM: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"公有领域|Public domain|public domain|著作权法|版权期限|维基文库|本作品|本模板|许可协议|版权失效|知识共享"
                r"|^(?:false|true)(?:\s+(?:false|true))*$|^[\[\]↑\s\dCPC]+$|社群共识|视同.直属机构"), "维基文库版权说明"),
    (re.compile(r"^《\s*人民日报\s*》|^[（(]?\s*(?:新华社|中新社|本报)[^。]{0,16}(?:电|讯)\s*[）)]?$"), "新闻电头与报纸版面信息"),
    (re.compile(r"^※|^[（(](?:这是|本文是|本文系|此文是)|^[（(](?:19|20)\d\d年\d{1,2}月\d{1,2}日在[^。]{2,60}[）)]$"),
     "出处说明"),
    (re.compile(r"^[（(【\[]?\s*(?:责任编辑|责编|编辑|校对|审核|审校|监制|值班编辑|终审|初审|复审|美编|编审)\s*[:：]"
                r"|^.{0,20}[（(【\[]\s*(?:责任编辑|责编)\s*[:：]"), "编辑署名"),
    (re.compile(r"^[（(【\[]?\s*(?:完|全文完|本文完|结束)\s*[）)】\]]?$"), "结束标记"),
    (re.compile(r"^(?:来源|稿源|文章来源|信息来源|原文链接|本文链接|原文地址)\s*[:：]|版权所有|Copyright|©|ICP备|网站标识码"
                r"|主办单位|承办单位|联系我们|网站地图|版权声明|免责声明|^声明[:：]"), "网站版权与来源信息"),
    (re.compile(r"扫一扫|二维码|扫码|关注.{0,8}(?:公众号|微信|客户端)|下载.{0,6}客户端|分享到|打印本页|关闭窗口|返回顶部"
                r"|【\s*(?:打印|关闭|纠错|收藏)\s*】|^\s*(?:上一篇|下一篇)|^\s*【?我要纠错】?$"), "分享、打印与二维码提示"),
    (re.compile(rf"^[-–—•·*>\s【\[]*(?:{NAV})[】\]]?[:：]?"), "相关文章链接"),
    (re.compile(r"^【?\s*专题\s*】?[:：]|^专题[:：]"), "专题栏目"),
)
