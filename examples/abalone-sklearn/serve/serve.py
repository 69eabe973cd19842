"""A SageMaker serving container for the abalone scikit-learn model, in the standard library and
scikit-learn only (no Flask, no gunicorn, no nginx).

SageMaker starts a container as `<image> serve`; Godwit starts this file as `python3 serve.py
serve`. It loads model.joblib from the model folder (/opt/ml/model, or SM_MODEL_DIR when Godwit
runs it without bubblewrap), listens on SAGEMAKER_BIND_TO_PORT (8080 by default, as in
SageMaker) and answers:

  GET  /ping          200 once the model is loaded
  POST /invocations   rows of features, as the preprocessed CSVs hold them without the label:
                      text/csv (one row per line) or application/json ({"instances": [[...], ...]}
                      or a bare list of rows); Accept text/csv (default: one prediction per line)
                      or application/json ({"predictions": [...]})

A row that does not fit the model is a 400 naming the row, an unknown content type 415, an
unknown Accept 406, and a failure of the model 500: the message is the body, in text/plain.
"""
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import joblib
import numpy as np

MODEL_DIR = os.environ.get('SM_MODEL_DIR', '/opt/ml/model')


class BadRequest(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


def parse_csv(text, width):
    rows = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = line.split(',')
        if len(cells) != width:
            raise BadRequest(400, 'row %d has %d columns; the model takes %d features' % (n, len(cells), width))
        try:
            rows.append([float(c) for c in cells])
        except ValueError:
            raise BadRequest(400, 'row %d is not numeric: %s' % (n, line[:80]))
    return rows


def parse_json(text, width):
    try:
        data = json.loads(text)
    except ValueError as err:
        raise BadRequest(400, 'the body is not JSON: %s' % err)
    rows = data.get('instances') if isinstance(data, dict) else data
    if not isinstance(rows, list):
        raise BadRequest(400, 'the body must be {"instances": [[...], ...]} or a list of rows')
    for n, row in enumerate(rows, start=1):
        if not isinstance(row, list) or len(row) != width:
            raise BadRequest(400, 'instance %d must be a list of %d numbers' % (n, width))
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in row):
            raise BadRequest(400, 'instance %d is not all numbers' % n)
    return rows


def media_type(header, default):
    value = (header or '').split(';')[0].strip().lower()
    return default if value in ('', '*/*') else value


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'  # keep-alive: Godwit reuses its connections
    # Headers and body go out in two writes; with Nagle's algorithm the second waits for the
    # client's delayed ACK, 40 ms per request on Linux.
    disable_nagle_algorithm = True
    model = None

    def do_GET(self):
        if self.path == '/ping':
            self.answer(200 if self.model is not None else 503, 'text/plain', b'')
        else:
            self.answer(404, 'text/plain', b'not found')

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get('Content-Length') or 0))
        if self.path != '/invocations':
            self.answer(404, 'text/plain', b'not found')
            return
        try:
            content, payload = self.predict(body)
        except BadRequest as err:
            self.answer(err.status, 'text/plain', str(err).encode())
        except Exception as err:  # the model failed on this request; the server stays up
            self.answer(500, 'text/plain', ('model error: %s' % err).encode())
        else:
            self.answer(200, content, payload)

    def predict(self, body):
        width = self.model.n_features_in_
        content = media_type(self.headers.get('Content-Type'), 'text/csv')
        accept = media_type(self.headers.get('Accept'), 'text/csv')
        if accept not in ('text/csv', 'application/json'):
            raise BadRequest(406, 'cannot answer in %s; accept text/csv or application/json' % accept)
        if content == 'text/csv':
            rows = parse_csv(body.decode('utf-8'), width)
        elif content == 'application/json':
            rows = parse_json(body.decode('utf-8'), width)
        else:
            raise BadRequest(415, 'cannot read %s; send text/csv or application/json' % content)
        if not rows:
            raise BadRequest(400, 'the body holds no rows')
        predictions = self.model.predict(np.asarray(rows, dtype=float)).tolist()
        if accept == 'application/json':
            return accept, json.dumps({'predictions': predictions}).encode()
        return accept, ''.join('%r\n' % p for p in predictions).encode()

    def answer(self, status, content_type, payload):
        self.send_response(status)
        self.send_header('Content-Type', content_type)
        self.send_header('Content-Length', str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format, *args):
        pass  # one line per request would cost more than the prediction


def main():
    if sys.argv[1:] != ['serve']:
        raise SystemExit('usage: serve.py serve (SageMaker starts a serving container with "serve")')
    Handler.model = joblib.load(os.path.join(MODEL_DIR, 'model.joblib'))
    port = int(os.environ.get('SAGEMAKER_BIND_TO_PORT', '8080'))
    server = ThreadingHTTPServer(('0.0.0.0', port), Handler)
    server.daemon_threads = True
    print('serving %s on port %d' % (os.path.join(MODEL_DIR, 'model.joblib'), port), flush=True)
    server.serve_forever()


if __name__ == '__main__':
    main()
