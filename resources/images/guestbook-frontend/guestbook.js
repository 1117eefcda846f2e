/* global document */
// The guestbook page: like the original, the whole list lives in one Redis key, "messages", as the
// entries joined by commas; it is read through the replicas and written back through the master.
(function () {
  'use strict';
  var form = document.getElementById('entry');
  var input = document.getElementById('message');
  var list = document.getElementById('messages');
  var status = document.getElementById('status');
  var messages = [];

  function call(query) {
    return fetch('guestbook.php?' + query, { cache: 'no-store' }).then(function (res) {
      return res.json().then(function (body) {
        if (!res.ok) throw new Error(body.error || res.statusText);
        return body;
      });
    });
  }

  function show() {
    list.replaceChildren.apply(list, messages.map(function (m) {
      var div = document.createElement('div');
      div.textContent = m;
      return div;
    }));
  }

  function load() {
    return call('cmd=get&key=messages').then(function (body) {
      messages = body.data ? body.data.split(',') : [];
      status.textContent = '';
      show();
    });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var next = messages.concat([input.value]);
    call('cmd=set&key=messages&value=' + encodeURIComponent(next.join(','))).then(function () {
      messages = next;
      input.value = '';
      status.textContent = '';
      show();
    }).catch(function (err) { status.textContent = 'Could not save: ' + err.message; });
  });

  load().catch(function (err) { status.textContent = 'Could not load: ' + err.message; });
})();
