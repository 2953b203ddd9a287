"""Date, time and number formats per interface language (settings.FORMAT_MODULE_PATH).

One module per language, named as Django names locales (zh_Hans). Each says how a reader of
that language writes a date so it cannot be misread (no bare 12/7, which a Vietnamese or
British reader takes for 12 July), and `SPAN` joins a date and two times for a class.
Japanese dates in easy Japanese (午後6時30分から) are built in core.localdates instead,
because Django's formats cannot drop ":00" minutes or write 午前/午後 in hiragana-friendly form.
"""
