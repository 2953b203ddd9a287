# Simplified Chinese: 2026年4月7日 星期二, 24-hour clock.
DATE_FORMAT = "Y年n月j日 l"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "Y年n月j日 l H:i"
YEAR_MONTH_FORMAT = "Y年n月"
MONTH_DAY_FORMAT = "n月j日"
SHORT_DATE_FORMAT = "Y年n月j日"
SHORT_DATETIME_FORMAT = "n月j日 H:i"
FIRST_DAY_OF_WEEK = 1
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
SPAN = "{date} {start}–{end}"
