# Korean: 2026년 4월 7일 화요일, 오전/오후 clock.
DATE_FORMAT = "Y년 n월 j일 l"
TIME_FORMAT = "A g:i"
DATETIME_FORMAT = "Y년 n월 j일 l A g:i"
YEAR_MONTH_FORMAT = "Y년 n월"
MONTH_DAY_FORMAT = "n월 j일"
SHORT_DATE_FORMAT = "Y. n. j."
SHORT_DATETIME_FORMAT = "n월 j일 A g:i"
FIRST_DAY_OF_WEEK = 0
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
SPAN = "{date} {start} – {end}"
