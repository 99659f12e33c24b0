"""Waits until the X display in $DISPLAY accepts a connection (up to ten seconds).

xvfb-run returns once Xvfb says it is ready, but a client refused at that moment (a server
reset, a slow start under a loaded machine) fails with "could not connect to display", so
the accessibility walk checks the display itself before it starts anything on it.
"""
import ctypes
import sys
import time

x11 = ctypes.CDLL("libX11.so.6")
x11.XOpenDisplay.restype = ctypes.c_void_p
x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
for _ in range(100):
    display = x11.XOpenDisplay(None)
    if display:
        x11.XCloseDisplay(display)
        sys.exit(0)
    time.sleep(0.1)
sys.exit("a11y walk: the X display never accepted a connection")
