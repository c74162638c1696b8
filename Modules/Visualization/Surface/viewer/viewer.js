// The interactive part of a 'chestct surface --html' page. esbuild bundles this
// file with three.js and OrbitControls (npm dependencies, never copied into the
// repository) into one classic script that the tool embeds in every page, so a
// page needs no network and no server.
//
// The page carries its mesh in <script id="chestct-mesh" type="application/json">:
// base64 little-endian Float32 positions and normals (LPS mm) and Uint32
// triangle indices, plus a title. The camera starts in the anterior view with
// the patient upright (superior up), as the --render picture does.
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';

const kBackground = 0x1e1e28;

function decode(base64, ArrayType) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new ArrayType(bytes.buffer);
}

// Where the camera sits, seen from the centre, in LPS (x to the patient's left,
// y posterior, z superior): the anterior view looks from -y with superior up.
const kViews = {
  anterior: { eye: [0, -1, 0], up: [0, 0, 1] },
  posterior: { eye: [0, 1, 0], up: [0, 0, 1] },
  left: { eye: [1, 0, 0], up: [0, 0, 1] },
  right: { eye: [-1, 0, 0], up: [0, 0, 1] },
  superior: { eye: [0, 0, 1], up: [0, -1, 0] },
  inferior: { eye: [0, 0, -1], up: [0, -1, 0] },
};

function show() {
  const data = JSON.parse(document.getElementById('chestct-mesh').textContent);
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.BufferAttribute(decode(data.positions, Float32Array), 3));
  geometry.setAttribute('normal', new THREE.BufferAttribute(decode(data.normals, Float32Array), 3));
  geometry.setIndex(new THREE.BufferAttribute(decode(data.indices, Uint32Array), 1));
  geometry.computeBoundingSphere();
  const center = geometry.boundingSphere.center;
  const radius = Math.max(geometry.boundingSphere.radius, 1e-3);

  const material = new THREE.MeshPhongMaterial({ color: 0xe8dcc4, specular: 0x222222, shininess: 20, side: THREE.DoubleSide });
  const scene = new THREE.Scene();
  scene.background = new THREE.Color(kBackground);
  scene.add(new THREE.Mesh(geometry, material));
  scene.add(new THREE.AmbientLight(0xffffff, 0.35));

  const canvas = document.getElementById('chestct-canvas');
  const renderer = new THREE.WebGLRenderer({ canvas, antialias: true, preserveDrawingBuffer: true });
  renderer.setPixelRatio(window.devicePixelRatio || 1);
  const camera = new THREE.PerspectiveCamera(30, 1, radius / 100, radius * 100);
  // A headlight: the light follows the camera, so every view is lit from the front.
  const headlight = new THREE.DirectionalLight(0xffffff, 2.2);
  camera.add(headlight);
  camera.add(headlight.target);
  headlight.position.set(0.3, 0.5, 1); // from above right of the eye,
  headlight.target.position.set(0, 0, -1); // shining where the camera looks
  scene.add(camera);
  const controls = new OrbitControls(camera, canvas);
  controls.target.copy(center);

  function render() {
    renderer.render(scene, camera);
  }
  function resize() {
    const width = canvas.clientWidth || window.innerWidth;
    const height = canvas.clientHeight || window.innerHeight;
    renderer.setSize(width, height, false);
    camera.aspect = width / Math.max(height, 1);
    camera.updateProjectionMatrix();
    render();
  }
  function look(name) {
    const view = kViews[name] || kViews.anterior;
    const distance = radius / Math.sin(THREE.MathUtils.degToRad(camera.fov / 2)) * 1.05;
    camera.up.set(...view.up);
    camera.position.set(center.x + view.eye[0] * distance, center.y + view.eye[1] * distance, center.z + view.eye[2] * distance);
    controls.target.copy(center);
    controls.update();
    render();
  }
  controls.addEventListener('change', render);
  window.addEventListener('resize', resize);
  for (const button of document.querySelectorAll('[data-view]')) {
    button.addEventListener('click', () => look(button.dataset.view));
  }
  resize();
  look('anterior');
  // For tests and scripts: what was drawn.
  window.chestctViewer = { triangles: geometry.index.count / 3, vertices: geometry.attributes.position.count, look };
}

try {
  show();
} catch (error) {
  console.error('chestct viewer: ' + (error && error.message ? error.message : error));
  throw error;
}
