"""The editor row's one owner: what a row shows (rows.py) and the helpers its
templates call (presenting.py). Every capability that draws into a row adds a part
here instead of assembling the row itself."""
