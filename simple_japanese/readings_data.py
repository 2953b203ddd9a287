"""Built-in reading data for the furigana engine: what UniDic alone gets wrong.

Kept as plain Python literals (no data files to package). Readings are hiragana. Everything
here was checked against what unidic-lite actually returns (see tests/simple_japanese); an
entry exists only because UniDic's reading is wrong, missing or not the NHK / textbook one.

* ``PHRASES`` - readings of whole words or word sequences. They apply only where the phrase
  starts and ends on UniDic token boundaries, so 北上市 is きたかみし while 北上する (to move
  north) keeps UniDic's ほくじょう, and 一戸町 does not fire inside 一戸建て.
* ``SURFACE_READINGS`` - one-token words whose UniDic reading is never the one wanted in
  easy Japanese (日本 is にほん, not UniDic's ニッポン; 明日 is あした).
* Counter tables for numbers written in digits (see furigana._number_segments).
"""

from __future__ import annotations

# --- Iwate -----------------------------------------------------------------------------------
# The 33 municipalities with their suffix reading (町 is ちょう or まち by municipality, which
# UniDic cannot know), plus well-known districts, sights and mountains that appear in
# prefectural and municipal notices.
IWATE_PLACES: dict[str, str] = {
    "岩手": "いわて",
    "岩手県": "いわてけん",
    # cities (市 is always し)
    "盛岡": "もりおか",
    "盛岡市": "もりおかし",
    "宮古": "みやこ",
    "宮古市": "みやこし",
    "大船渡": "おおふなと",
    "大船渡市": "おおふなとし",
    "花巻": "はなまき",
    "花巻市": "はなまきし",
    "北上市": "きたかみし",
    "北上川": "きたかみがわ",
    "北上駅": "きたかみえき",
    "北上山地": "きたかみさんち",
    "久慈": "くじ",
    "久慈市": "くじし",
    "遠野": "とおの",
    "遠野市": "とおのし",
    "一関": "いちのせき",
    "一関市": "いちのせきし",
    "陸前高田": "りくぜんたかた",
    "陸前高田市": "りくぜんたかたし",
    "釜石": "かまいし",
    "釜石市": "かまいしし",
    "二戸": "にのへ",
    "二戸市": "にのへし",
    "八幡平": "はちまんたい",
    "八幡平市": "はちまんたいし",
    "奥州": "おうしゅう",
    "奥州市": "おうしゅうし",
    "滝沢": "たきざわ",
    "滝沢市": "たきざわし",
    # towns (ちょう / まち as each town says it)
    "雫石": "しずくいし",
    "雫石町": "しずくいしちょう",
    "葛巻": "くずまき",
    "葛巻町": "くずまきまち",
    "岩手町": "いわてまち",
    "紫波": "しわ",
    "紫波町": "しわちょう",
    "矢巾": "やはば",
    "矢巾町": "やはばちょう",
    "西和賀": "にしわが",
    "西和賀町": "にしわがまち",
    "金ケ崎": "かねがさき",
    "金ケ崎町": "かねがさきちょう",
    "金ヶ崎": "かねがさき",
    "金ヶ崎町": "かねがさきちょう",
    "平泉": "ひらいずみ",
    "平泉町": "ひらいずみちょう",
    "住田": "すみた",
    "住田町": "すみたちょう",
    "大槌": "おおつち",
    "大槌町": "おおつちちょう",
    "山田町": "やまだまち",
    "岩泉": "いわいずみ",
    "岩泉町": "いわいずみちょう",
    "軽米": "かるまい",
    "軽米町": "かるまいまち",
    "洋野": "ひろの",
    "洋野町": "ひろのちょう",
    "一戸町": "いちのへまち",
    # villages (村 is むら throughout Iwate)
    "田野畑": "たのはた",
    "田野畑村": "たのはたむら",
    "普代": "ふだい",
    "普代村": "ふだいむら",
    "野田村": "のだむら",
    "九戸": "くのへ",
    "九戸村": "くのへむら",
    # districts, sights, mountains
    "水沢": "みずさわ",
    "江刺": "えさし",
    "胆沢": "いさわ",
    "前沢": "まえさわ",
    "衣川": "ころもがわ",
    "石鳥谷": "いしどりや",
    "大迫": "おおはさま",
    "千厩": "せんまや",
    "室根": "むろね",
    "花泉": "はないずみ",
    "大東": "だいとう",
    "田老": "たろう",
    "種市": "たねいち",
    "浄法寺": "じょうぼうじ",
    "安比": "あっぴ",
    "安比高原": "あっぴこうげん",
    "沢内": "さわうち",
    "湯田": "ゆだ",
    "玉山": "たまやま",
    "三陸": "さんりく",
    "中尊寺": "ちゅうそんじ",
    "毛越寺": "もうつうじ",
    "小岩井": "こいわい",
    "龍泉洞": "りゅうせんどう",
    "浄土ヶ浜": "じょうどがはま",
    "岩手山": "いわてさん",
    "早池峰": "はやちね",
    "早池峰山": "はやちねさん",
    "高田松原": "たかたまつばら",
    "碁石海岸": "ごいしかいがん",
    "猊鼻渓": "げいびけい",
    "厳美渓": "げんびけい",
    "御所湖": "ごしょこ",
    "盛岡城": "もりおかじょう",
    "石割桜": "いしわりざくら",
    "開運橋": "かいうんばし",
    "三陸鉄道": "さんりくてつどう",
    "いわて銀河鉄道": "いわてぎんがてつどう",
}

# --- words and sequences UniDic reads wrongly ---------------------------------------------------
TRAP_PHRASES: dict[str, str] = {
    # 中 read じゅう after a span of time or a whole place (一日中 is 一 + 日中 in UniDic)
    "一日中": "いちにちじゅう",
    "今日中": "きょうじゅう",
    "今年中": "ことしじゅう",
    "明日中": "あしたじゅう",
    "一晩中": "ひとばんじゅう",
    "一年中": "いちねんじゅう",
    "世界中": "せかいじゅう",
    "日本中": "にほんじゅう",
    "体中": "からだじゅう",
    "一昨日": "おととい",
    "一昨年": "おととし",
    "明後日": "あさって",
    "二十歳": "はたち",
    "十分": "じゅうぶん",  # "enough"; ten minutes is written 10分 in easy Japanese
    "三日月": "みかづき",
    "東日本大震災": "ひがしにほんだいしんさい",
    "大津波": "おおつなみ",  # UniDic: 大津 (the city) + 波
    "お札": "おさつ",
    "大谷翔平": "おおたにしょうへい",
    "水道管": "すいどうかん",  # UniDic: 水 + 道管
    "お母さん": "おかあさん",  # UniDic: お + 母 (はは) + さん
    "お父さん": "おとうさん",
    "お兄さん": "おにいさん",
    "お姉さん": "おねえさん",
}

PHRASES: dict[str, str] = {**IWATE_PLACES, **TRAP_PHRASES}

# One-token words: UniDic's reading replaced wherever the token appears.
SURFACE_READINGS: dict[str, str] = {
    "日本": "にほん",  # UniDic always says ニッポン; textbooks and municipal pages say にほん
    "今日": "きょう",  # UniDic says コンニチ before 中 and in some contexts
    "明日": "あした",  # UniDic says アス; easy Japanese uses あした
    "明後日": "あさって",
    "昨日": "きのう",
    "一人": "ひとり",
    "二人": "ふたり",
    "一日": "いちにち",  # as a duration; 〇月一日 is handled as a date
    "大人": "おとな",
    "今年": "ことし",
    "毎年": "まいとし",
    "今朝": "けさ",
    "今晩": "こんばん",
    "水沢": "みずさわ",
    "上手": "じょうず",
    "下手": "へた",
    "時計": "とけい",
    "眼鏡": "めがね",
    "真っ直ぐ": "まっすぐ",
    "お巡りさん": "おまわりさん",
    "私": "わたし",  # UniDic says わたくし
    "鶏肉": "とりにく",  # UniDic says けいにく
    "大谷": "おおたに",
    "雪道": "ゆきみち",  # UniDic says せつどう  # the commonest reading (and Iwate's baseball player); UniDic says おおや
}

# Readings fixed by lemma (conjugated forms): lemma -> (UniDic kana prefix, replacement)
LEMMA_KANA_PREFIX: dict[str, tuple[str, str]] = {
    "辛い": ("ツラ", "カラ"),  # in easy Japanese 辛い is "spicy"; "hard" is written つらい
}

# 人 after these is じん (外国人, 社会人), as after a place name or a katakana country name;
# UniDic reads the suffix 人 にん everywhere.
JIN_AFTER: frozenset[str] = frozenset(
    {
        "外国",
        "社会",
        "有名",
        "一般",
        "芸能",
        "宇宙",
        "現代",
        "都会",
        "文化",
        "知識",
        "国際",
        "民間",
        "県",
        "外",
        "成",
        "老",
        "個",
        "友",
        "新",
        "異国",
        "東北",
        "関西",
        "関東",
        "地球",
        "日本",
        "米国",
        "都",
        "府",
        "道",
        "市",
        "村",
        "町",
        "島",
        "国",
    }
)

# --- 中: じゅう after these (the whole span / the whole place), otherwise UniDic ---------------
# (午前中, 今週中, 工事中 stay ちゅう: UniDic already says so.)
JUU_AFTER: frozenset[str] = frozenset(
    {
        "一日",
        "1日",
        "１日",
        "一年",
        "1年",
        "１年",
        "今日",
        "今年",
        "明日",
        "一晩",
        "世界",
        "日本",
        "体",
        "家",
        "国",
        "部屋",
        "学校",
        "一週間",
        "1週間",
        "１週間",
    }
)

# --- 所: じょ after these (UniDic says しょ) ---------------------------------------------------
JO_AFTER: frozenset[str] = frozenset(
    {
        "避難",
        "保健",
        "案内",
        "停留",
        "休憩",
        "診療",
        "紹介",
        "出張",
        "集会",
        "給水",
        "救護",
        "待合",
        "相談",
        "検問",
        "観測",
    }
)

# --- 方: かた for people (UniDic often says ほう) -----------------------------------------------
# Nouns whose 〇〇の方 means "the person(s) who are 〇〇": ends of person nouns.
PERSON_ENDINGS: tuple[str, ...] = (
    "人",
    "者",
    "民",
    "性",
    "生",
    "族",
    "員",
    "寄り",
    "さん",
    "様",
    "家族",
    "子ども",
    "子供",
    "大人",
    "方々",
    "地域",
    "近所",
    "親",
    "先生",
    "医師",
    "外国",
    "以上",
    "以下",
    "未満",
)

# --- counters after numbers written in digits -------------------------------------------------
# base reading of each counter; sound changes are applied from _SOUND below.
COUNTER_BASE: dict[str, str] = {
    "本": "ほん",
    "匹": "ひき",
    "杯": "はい",
    "泊": "はく",
    "発": "はつ",
    "分": "ふん",
    "歩": "ほ",
    "票": "ひょう",
    "階": "かい",
    "軒": "けん",
    "足": "そく",
    "人": "にん",
    "日": "にち",
    "月": "がつ",
    "年": "ねん",
    "時": "じ",
    "歳": "さい",
    "才": "さい",
    "回": "かい",
    "円": "えん",
    "個": "こ",
    "枚": "まい",
    "台": "だい",
    "冊": "さつ",
    "度": "ど",
    "番": "ばん",
    "号": "ごう",
    "件": "けん",
    "週": "しゅう",
    "秒": "びょう",
    "倍": "ばい",
    "点": "てん",
    "位": "い",
    "割": "わり",
    "校": "こう",
    "社": "しゃ",
    "頭": "とう",
    "羽": "わ",
    "機": "き",
    "隻": "せき",
    "丁目": "ちょうめ",
    "番地": "ばんち",
    "世帯": "せたい",
    "時間": "じかん",
    "週間": "しゅうかん",
    "年間": "ねんかん",
    "種類": "しゅるい",
    "か国": "かこく",
    "カ国": "かこく",
    "か月": "かげつ",
    "カ月": "かげつ",
    "ヶ月": "かげつ",
    "ヵ月": "かげつ",
    "箇月": "かげつ",
    "か所": "かしょ",
    "カ所": "かしょ",
    "ヶ所": "かしょ",
    "箇所": "かしょ",
    "ヵ所": "かしょ",
    "ヶ国": "かこく",
    "月間": "げつかん",
    "部": "ぶ",
    "戸": "こ",
    "棟": "とう",
    "床": "しょう",
    "便": "びん",
    "条": "じょう",
    "行": "ぎょう",
    "畳": "じょう",
    "合": "ごう",
    "区": "く",
    "期": "き",
    "代": "だい",
    "次": "じ",
    "名": "めい",
    "曲": "きょく",
    "箱": "はこ",
    "袋": "ふくろ",
    "錠": "じょう",
    "粒": "つぶ",
    "滴": "てき",
    "食": "しょく",
    "缶": "かん",
    "局": "きょく",
    "店": "てん",
    "店舗": "てんぽ",
    "年度": "ねんど",
    "試合": "しあい",
    "学期": "がっき",
    "限": "げん",
    "科目": "かもく",
    "問": "もん",
    "通": "つう",
    "着": "ちゃく",
}
# kanji units inside numbers written in digits: 1万5000, 3千
UNITS: dict[str, int] = {"兆": 10**12, "億": 10**8, "万": 10**4, "千": 1000, "百": 100}
UNIT_BASE: dict[str, str] = {
    "兆": "ちょう",
    "億": "おく",
    "万": "まん",
    "千": "せん",
    "百": "ひゃく",
}
# suffixes that follow a counter inside the same word: 3日間, 2人目, 1年生, 5分間
COUNTER_SUFFIX: dict[str, str] = {
    "間": "かん",
    "目": "め",
    "生": "せい",
    "以上": "いじょう",
    "以下": "いか",
    "未満": "みまん",
    "前": "まえ",
    "後": "ご",
    "分": "ぶん",
    "組": "ぐみ",
}
# counter -> (after 1/6/8/10/100 (っ+p), after 3/1000/万/何 (ん+b or p), after 4)
# Only counters whose own reading changes are listed; others keep COUNTER_BASE.
SOUND: dict[str, tuple[str, str, str]] = {
    "本": ("ぽん", "ぼん", "ほん"),
    "匹": ("ぴき", "びき", "ひき"),
    "杯": ("ぱい", "ばい", "はい"),
    "泊": ("ぱく", "ぱく", "ぱく"),
    "発": ("ぱつ", "ぱつ", "はつ"),
    "分": ("ぷん", "ぷん", "ぷん"),
    "歩": ("ぽ", "ぽ", "ほ"),
    "票": ("ぴょう", "びょう", "ひょう"),
    "階": ("かい", "がい", "かい"),
    "軒": ("けん", "げん", "けん"),
    "足": ("そく", "ぞく", "そく"),
    "百": ("ぴゃく", "びゃく", "ひゃく"),
    "千": ("せん", "ぜん", "せん"),
}
# Irregular readings that take the digits inside the ruby (NHK NEWS WEB EASY style).
DAYS: dict[int, str] = {
    1: "ついたち",
    2: "ふつか",
    3: "みっか",
    4: "よっか",
    5: "いつか",
    6: "むいか",
    7: "なのか",
    8: "ようか",
    9: "ここのか",
    10: "とおか",
    14: "じゅうよっか",
    20: "はつか",
    24: "にじゅうよっか",
}
IRREGULAR: dict[str, dict[int, str]] = {
    "日": DAYS,
    "人": {1: "ひとり", 2: "ふたり"},
    "歳": {20: "はたち"},
    "才": {20: "はたち"},
}
