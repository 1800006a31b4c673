from flask import Flask
from prometheus_client import Counter, start_http_server

app = Flask(__name__)
REQUESTS = Counter('http_requests_total', 'Nombre total de requêtes HTTP')

@app.route('/')
def hello():
    REQUESTS.inc()
    return "Hello, world!"

if __name__ == '__main__':
    start_http_server(8000)  # /metrics
    app.run()
