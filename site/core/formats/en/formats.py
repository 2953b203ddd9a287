# English as read in Japan by people from many countries: month in words, never 12/7.
DATE_FORMAT = "D j F Y"
TIME_FORMAT = "g:i A"
DATETIME_FORMAT = "D j F Y, g:i A"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M, g:i A"
FIRST_DAY_OF_WEEK = 0
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
SPAN = "{date}, {start} – {end}"
