from flask import Flask, request
from prometheus_client import start_http_server, Counter

app = Flask(__name__)

# Création d'une métrique de type compteur
REQUEST_COUNT = Counter('http_requests_total', 'Nombre total de requêtes HTTP',
                        labelnames=['method', 'endpoint'])

@app.before_request
def count_request():
    # Incrémente le compteur à chaque requête, par méthode et par chemin
    REQUEST_COUNT.labels(method=request.method, endpoint=request.path).inc()

@app.route('/')
def index():
    return "Hello, world!"

@app.route('/about')
def about():
    return "About this app"

@app.route('/api/users')
def users():
    return '["alice", "bob"]'

if __name__ == '__main__':
    start_http_server(8000)  # Expose les métriques sur le port 8000
    app.run(port=5000)
