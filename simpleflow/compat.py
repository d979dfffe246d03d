"""Import-compatibility shim for code written against simpleflow 0.11.9 (Python 2 names).

The library itself does not use it.
"""

from __future__ import annotations

import itertools
import urllib.request

basestring = str
unicode = str
text_type = str
string_types = (str,)
integer_types = (int,)
xrange = range
imap = map
izip = zip
izip_longest = itertools.zip_longest
StandardError = Exception
urlopen = urllib.request.urlopen
Request = urllib.request.Request
