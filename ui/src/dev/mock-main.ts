// Entry of the mock build: install the fake backend, then start the real app.
import './mock';
import '../main';
