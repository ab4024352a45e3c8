"""Who gave the speech: a person's name as a byline prints it, with or without the office before it.

``国务院总理　李克强``, ``中华人民共和国主席　习近平``, ``※习近平``, ``国务院总理华国锋``. A Chinese name is a
surname and one or two characters; when the name runs straight into the speech (``※习近平今年7月1日…``) the
document itself decides its length: the name a speech's captions and text repeat is the name.
"""

from __future__ import annotations

import re

# The common surnames (over nine in ten people carry one of these), and the compound ones.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫"
    "孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅"
    "童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车"
    "项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛"
    "仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜"
    "海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜"
    "羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信"
    "展阴昝智幸奉植衡富尧习栗"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
                     "夏侯", "令狐", "端木", "司空", "万俟", "赫连", "澹台", "申屠")
# Words a surname character also starts, that never begin a byline: 高度, 明确, 全面, 安全, 文化 …
_NOT_NAMES = re.compile(r"^(?:今[天年日]|我[们国]?|这[次里些]|此前|当前|在|为|从|同志|各位|大家|首先|近年|去年|明年|国家|国务院"
                        r"|全[国党面体]|文化|安全|和平|高[度质]|明[确年]|成[立功]|时[间代期]|平[安等]|党[的中委])")
_HAN = r"[\u4e00-\u9fff]"
# An office before a name: 国务院总理, 中华人民共和国主席, 中共中央总书记、国家主席、中央军委主席, 省委书记 …
OFFICE_RE = re.compile(
    rf"{_HAN}{{0,24}}?(?:总书记|副?主席|副?总理|委员长|书记|副?省长|副?市长|副?县长|副?区长|州长|旗长|乡长|镇长|"
    rf"主任|部长|厅长|局长|院长|检察长|会长|校长|董事长|行长|司令员|政委|秘书长|发言人)"
)


def _surname_len(text: str) -> int:
    if text[:2] in COMPOUND_SURNAMES:
        return 2
    return 1 if text[:1] in SURNAMES else 0


def is_name(text: str) -> bool:
    """``李克强`` yes; ``今天`` or ``全面推进`` no. A surname and one or two more Han characters (a compound
    surname and up to two)."""
    k = _surname_len(text)
    return bool(k) and k + 1 <= len(text) <= k + 2 and re.fullmatch(f"{_HAN}+", text) is not None \
        and not _NOT_NAMES.match(text[:2])


def split_office(text: str) -> tuple[str, str] | None:
    """``国务院总理　李克强`` -> (``国务院总理``, ``李克强``); ``李克强`` -> ("", ``李克强``); else None."""
    t = text.strip()
    if is_name(t):
        return "", t
    for m in OFFICE_RE.finditer(t):
        rest = t[m.end():].strip(" \u3000")
        if is_name(rest):
            return m.group().strip(), rest
    return None


def name_at(text: str, pos: int, whole: str) -> str | None:
    """The name that starts at ``pos`` and runs into what follows, its length decided by ``whole`` (the
    document): the longer reading when the document never shows the shorter one without the next character."""
    k = _surname_len(text[pos:])
    short, long_ = text[pos : pos + k + 1], text[pos : pos + k + 2]
    if not k or not is_name(short):
        return None
    # The long reading holds the short one: equal counts mean the short one never stands alone.
    if len(long_) == k + 2 and is_name(long_) and whole.count(long_) == whole.count(short):
        return long_
    return short
