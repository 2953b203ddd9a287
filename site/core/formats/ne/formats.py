# Nepali (Gregorian calendar, as dates in Japan are): मंगलवार, 7 अप्रिल 2026; 24-hour clock.
DATE_FORMAT = "l, j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "l, j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "j F, H:i"
FIRST_DAY_OF_WEEK = 0
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
SPAN = "{date}, {start}–{end}"
