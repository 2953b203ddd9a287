# Indonesian: Selasa, 7 April 2026; 24-hour clock with a dot (18.30).
DATE_FORMAT = "l, j F Y"
TIME_FORMAT = "H.i"
DATETIME_FORMAT = "l, j F Y, H.i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "j F, H.i"
FIRST_DAY_OF_WEEK = 1
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
SPAN = "{date}, {start}–{end}"
