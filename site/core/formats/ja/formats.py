# Japanese: only used where core.localdates does not write easy Japanese itself (the admin).
DATE_FORMAT = "Y年n月j日"
TIME_FORMAT = "G時i分"
DATETIME_FORMAT = "Y年n月j日 G時i分"
YEAR_MONTH_FORMAT = "Y年n月"
MONTH_DAY_FORMAT = "n月j日"
SHORT_DATE_FORMAT = "Y/m/d"
SHORT_DATETIME_FORMAT = "Y/m/d G:i"
FIRST_DAY_OF_WEEK = 0
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
SPAN = "{date} {start}から {end}まで"
