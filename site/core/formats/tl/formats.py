# Tagalog: Martes, Abril 7, 2026; 12-hour clock with AM/PM.
DATE_FORMAT = "l, F j, Y"
TIME_FORMAT = "g:i A"
DATETIME_FORMAT = "l, F j, Y, g:i A"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "F j"
SHORT_DATE_FORMAT = "F j, Y"
SHORT_DATETIME_FORMAT = "F j, g:i A"
FIRST_DAY_OF_WEEK = 0
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
SPAN = "{date}, {start} – {end}"
