from flask import Flask
from prometheus_client import start_http_server, Counter

app = Flask(__name__)

# Création d'une métrique de type compteur
REQUEST_COUNT = Counter('http_requests_total', 'Nombre total de requêtes HTTP')

@app.route('/')
def index():
    REQUEST_COUNT.inc()  # Incrémente le compteur à chaque requête
    return "Hello, world!"

if __name__ == '__main__':
    start_http_server(8000)  # Expose les métriques sur le port 8000
    app.run(port=5000)
