# Vietnamese: day before month ("7 tháng 12"), 24-hour clock.
DATE_FORMAT = r"l, j \t\h\á\n\g n, Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = r"H:i, l, j \t\h\á\n\g n, Y"
YEAR_MONTH_FORMAT = r"\T\h\á\n\g n, Y"
MONTH_DAY_FORMAT = r"j \t\h\á\n\g n"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = r"H:i, j \t\h\á\n\g n"
FIRST_DAY_OF_WEEK = 1
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
SPAN = "{date}, {start}–{end}"
